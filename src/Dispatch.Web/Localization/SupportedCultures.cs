namespace Dispatch.Web.Localization;

public static class SupportedCultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";

    /// <summary>Chinese first: it is the default when the browser asks for neither.</summary>
    public static readonly string[] All = [Chinese, English];

    public static string DisplayName(string culture) => culture == Chinese ? "简体中文" : "English";
}
