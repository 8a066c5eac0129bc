using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dispatch.BlobStorage;

/// <summary>
/// The JSON shape of everything this project writes: meant to be read by a person in a blob browser,
/// so indented, camelCase, enums by name, Chinese left as Chinese, and no .NET type names.
/// </summary>
public static class BlobStateJson
{
    /// <summary>Shared, read-only options (System.Text.Json caches metadata per options instance, so reuse matters).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: true);

    /// <summary>The same shape on one line: one record per line of an append log.</summary>
    public static JsonSerializerOptions Lines { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            // The default encoder escapes every non-ASCII character ("\u57CE"). The blob is stored and served as
            // application/json, never embedded in HTML, so the relaxed encoder is safe here and keeps 城厢镇 readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
