namespace Dispatch.Web.Accounts;

/// <summary>Where a sign-in may send the browser next: a path on this site only, never another site (open redirect).</summary>
public static class LocalUrl
{
    /// <summary>
    /// "/console", "console" and "/console?x=1" are local; "//evil", "/\evil", "https://evil" and "javascript:…" are not.
    /// Anything not local becomes "/".
    /// </summary>
    public static string OrHome(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Any(c => char.IsControl(c) || c == '\\'))
        {
            return "/";
        }
        var path = url.StartsWith('/') ? url : "/" + url;
        var beforeQuery = path.Split('?', '#')[0];
        return path.StartsWith("//") || beforeQuery.Contains(':') ? "/" : path;
    }
}
