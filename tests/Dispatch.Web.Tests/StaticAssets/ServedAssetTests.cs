using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Dispatch.Testing;
using Dispatch.Web.Tests.Infrastructure;

namespace Dispatch.Web.Tests.StaticAssets;

/// <summary>
/// Precompressed assets are served with their type and encoding, or not at all: every script and stylesheet the pages
/// reference, asked for as a browser does, answers with a body the browser will run (issue 13: empty, untyped 200s).
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class ServedAssetTests(AzuriteFixture azurite)
{
    /// <summary>What Chromium sends with every request.</summary>
    private const string BrowserEncodings = "gzip, deflate, br, zstd";

    private static readonly string[] ScriptTypes = ["text/javascript", "application/javascript"];

    [Fact]
    public async Task Every_script_and_stylesheet_the_pages_reference_is_served_to_a_browser_with_its_type_and_a_body_that_decompresses_to_the_file()
    {
        await using var app = new DispatchAppFactory(azurite);
        var root = app.StartOnKestrel();
        // As a browser: it decompresses by itself, so the test sees the bytes and headers on the wire.
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = root };
        // Every screen is rendered inside the same App.razor, the sign-in page included.
        var page = await CookieSignIn.Html(await http.GetAsync("/account/login"));
        var assets = Scripts().Matches(page).Select(m => (Path: m.Groups[1].Value, Types: ScriptTypes))
            .Concat(Stylesheets().Matches(page).Select(m => (Path: m.Groups[1].Value, Types: new[] { "text/css" })))
            .ToList();
        Assert.Contains(assets, a => a.Path == "_framework/blazor.web.js");
        Assert.Contains(assets, a => a.Path == "_content/MudBlazor/MudBlazor.min.css");

        foreach (var (path, types) in assets)
        {
            var file = await Body(await Get(http, path, "identity"), path, types);
            var served = await Get(http, path, BrowserEncodings);
            var body = await Body(served, path, types);
            var encoding = served.Content.Headers.ContentEncoding.SingleOrDefault();
            Assert.True(encoding is null || file.SequenceEqual(Decompress(encoding, body)),
                $"{path} served as {encoding} does not decompress to the file");
        }
    }

    [Fact]
    public async Task The_icon_browsers_ask_for_by_themselves_is_served()
    {
        await using var app = new DispatchAppFactory(azurite);
        using var http = app.Anonymous();

        var icon = await http.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.StartsWith("image/", icon.Content.Headers.ContentType?.MediaType);
        // An ICO file's header: reserved 0, type 1 (icon).
        Assert.Equal([0, 0, 1, 0], (await icon.Content.ReadAsByteArrayAsync())[..4]);
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, string acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return http.SendAsync(request);
    }

    private static async Task<byte[]> Body(HttpResponseMessage response, string path, string[] types)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        Assert.True(types.Contains(response.Content.Headers.ContentType?.MediaType),
            $"{path} answered as '{response.Content.Headers.ContentType}', which a browser with nosniff refuses");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length > 0, $"{path} answered 200 with an empty body");
        return body;
    }

    private static byte[] Decompress(string encoding, byte[] body)
    {
        using Stream decompressing = encoding switch
        {
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            // HTTP's "deflate" is the zlib format.
            "deflate" => new ZLibStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"the test cannot read the {encoding} encoding yet"),
        };
        using var file = new MemoryStream();
        decompressing.CopyTo(file);
        return file.ToArray();
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex Scripts();

    [GeneratedRegex("<link(?=[^>]*\\srel=\"stylesheet\")[^>]*\\shref=\"([^\"]+)\"")]
    private static partial Regex Stylesheets();
}
