using System.Text;

namespace Dispatch.Web.Tests.Fuzz;

/// <summary>
/// One generated request body. <see cref="Invalid"/> cases are wrong by construction and must be refused with a 4xx
/// problem; the others (text from every Unicode plane, markup, a duplicate key…) may be accepted, but never a 5xx.
/// </summary>
public sealed record FuzzCase(string Axis, string What, byte[]? Body, string? ContentType, bool Invalid)
{
    public const string Json = "application/json";

    public static FuzzCase Text(string axis, string what, string body, bool invalid, string? contentType = Json) =>
        new(axis, what, Encoding.UTF8.GetBytes(body), contentType, invalid);

    public HttpContent? Content()
    {
        if (Body is null)
        {
            return null;
        }
        var content = new ByteArrayContent(Body);
        if (ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return content;
    }

    /// <summary>What the case was, short enough for a failure message even when the body is megabytes.</summary>
    public override string ToString()
    {
        var shown = Body is null ? "(no body)" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 160));
        return $"[{Axis}] {What} ({ContentType ?? "no content type"}, {Body?.Length ?? 0} bytes): {shown}";
    }
}
