using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dispatch.Web.Tests.Fuzz;

/// <summary>
/// The real shape of a route's body: a valid body (the seed), the fields that may be left out or null, and the fields
/// that hold an enum's name.
/// </summary>
public sealed record BodyShape(JsonNode Seed, IReadOnlySet<string> Optional, IReadOnlySet<string> Enums, bool BodyOptional = false)
{
    public static BodyShape Of(object seed, string[]? optional = null, string[]? enums = null, bool bodyOptional = false) =>
        new(JsonSerializer.SerializeToNode(seed, DemandApi.Json)!, (optional ?? []).ToHashSet(), (enums ?? []).ToHashSet(), bodyOptional);

    /// <summary>Whether leaving <paramref name="path"/> out keeps the body valid: it or an object it sits in is optional.</summary>
    public bool MayOmit(string path) => Optional.Any(o => path == o || path.StartsWith(o + ".", StringComparison.Ordinal)
                                                          || path.StartsWith(o + "[", StringComparison.Ordinal));
}

/// <summary>
/// Generates bodies from a <see cref="BodyShape"/> along the axes: every field wrong-typed, missing, null; an
/// unknown field in every object; huge strings, control characters, every Unicode plane, markup, bad numbers and enum
/// values in every field; and malformed JSON of the whole body. The random source only picks variants (which control
/// character, which size), so one seed always gives the same cases.
/// </summary>
public sealed class BodyFuzzer(BodyShape shape, Random random)
{
    /// <summary>Stands in for a raw token (NaN, a lone surrogate escape) that a JSON node cannot hold.</summary>
    private const string RawMarker = "\u0001raw\u0001";

    public IEnumerable<FuzzCase> Cases()
    {
        foreach (var (path, node) in Fields(shape.Seed, ""))
        {
            foreach (var mutation in FieldCases(path, node))
            {
                yield return mutation;
            }
        }
        foreach (var (path, _) in Fields(shape.Seed, "").Where(f => f.Node is JsonObject).Prepend(("", shape.Seed)))
        {
            yield return Body("extra field", $"an unknown field in {Name(path)}", Change(path, n => { n!.AsObject().Add("surprise", true); return n; }), invalid: true);
        }
        foreach (var malformed in MalformedBodies())
        {
            yield return malformed;
        }
    }

    private IEnumerable<FuzzCase> FieldCases(string path, JsonNode node)
    {
        var omissible = shape.MayOmit(path);
        yield return Body("missing field", $"{path} left out", Change(path, _ => null, remove: true), invalid: !omissible);
        yield return Body("wrong type", $"{path} null", Change(path, _ => null), invalid: !omissible);
        var kind = node.GetValueKind();
        foreach (var (what, other) in OtherKinds(kind))
        {
            yield return Body("wrong type", $"{path} as {what}", Change(path, _ => other.DeepClone()), invalid: true);
        }
        switch (kind)
        {
            case JsonValueKind.String:
                foreach (var text in TextCases(path, node.GetValue<string>()))
                {
                    yield return text;
                }
                break;
            case JsonValueKind.Number:
                foreach (var (token, invalid) in FuzzPayloads.Numbers)
                {
                    yield return Raw("number", $"{path} = {token}", path, token, invalid);
                }
                // Web defaults read numbers from strings: a quoted number may be fine, quoted garbage never.
                yield return Body("number", $"{path} quoted", Change(path, n => n!.ToJsonString()), invalid: false);
                yield return Body("number", $"{path} quoted NaN", Change(path, _ => "NaN"), invalid: true);
                break;
            case JsonValueKind.Array:
                yield return Body("array", $"{path} empty", Change(path, _ => new JsonArray()), invalid: false);
                yield return Body("array", $"{path} with a null entry", Change(path, n => { n!.AsArray().Add(null); return n; }), invalid: true);
                yield return Body("array", $"{path} entries twice", Change(path, n => new JsonArray([.. n!.AsArray().Concat(n.AsArray()).Select(e => e?.DeepClone())])), invalid: false);
                break;
        }
    }

    private IEnumerable<FuzzCase> TextCases(string path, string value)
    {
        var size = Pick(FuzzPayloads.HugeLengths);
        yield return Body("huge string", $"{path} of {size} characters", Change(path, _ => FuzzPayloads.Huge(size, random)), invalid: true);
        var control = Pick(FuzzPayloads.ControlCharacters);
        yield return Body("control character", $"{path} with U+{(int)control:X4}", Change(path, _ => value + control + value), invalid: true);
        var bidi = Pick(FuzzPayloads.BidiControls);
        yield return Body("control character", $"{path} with bidi U+{(int)bidi:X4}", Change(path, _ => bidi + value), invalid: true);
        var surrogate = Pick(FuzzPayloads.LoneSurrogateEscapes);
        yield return Raw("lone surrogate", $"{path} with {surrogate}", path, $"\"{JsonEncodedText.Encode(value)}{surrogate}\"", invalid: true);
        yield return Body("unicode plane", $"{path} with every plane", Change(path, _ => value + FuzzPayloads.EveryPlane), invalid: false);
        yield return Body("markup", $"{path} as markup", Change(path, _ => Pick(FuzzPayloads.Markup)), invalid: false);
        if (shape.Enums.Contains(path))
        {
            foreach (var (text, invalid) in FuzzPayloads.EnumNames(value))
            {
                yield return Body("enum", $"{path} = {text}", Change(path, _ => text), invalid);
            }
            foreach (var number in FuzzPayloads.EnumNumbers)
            {
                yield return Raw("enum", $"{path} = {number}", path, number, invalid: true);
            }
        }
    }

    private IEnumerable<FuzzCase> MalformedBodies()
    {
        var valid = shape.Seed.ToJsonString(DemandApi.Json);
        var optional = shape.BodyOptional;
        for (var i = 0; i < 3; i++)
        {
            var cut = random.Next(1, valid.Length - 1);
            yield return FuzzCase.Text("malformed JSON", $"cut after {cut} characters", valid[..cut], invalid: true);
        }
        yield return FuzzCase.Text("malformed JSON", "a trailing comma", valid[..^1] + ",}", invalid: true);
        yield return FuzzCase.Text("malformed JSON", "a comment", "/* hi */" + valid, invalid: true);
        yield return FuzzCase.Text("malformed JSON", "single quotes", valid.Replace('"', '\''), invalid: true);
        yield return FuzzCase.Text("malformed JSON", "trailing garbage", valid + "x", invalid: true);
        yield return FuzzCase.Text("malformed JSON", "two objects", valid + valid, invalid: true);
        yield return FuzzCase.Text("malformed JSON", "a bare NaN", "NaN", invalid: true);
        yield return FuzzCase.Text("malformed JSON", "an array", $"[{valid}]", invalid: true);
        yield return FuzzCase.Text("malformed JSON", "a string", "\"hello\"", invalid: true);
        yield return FuzzCase.Text("malformed JSON", "a number", "42", invalid: true);
        yield return FuzzCase.Text("malformed JSON", "null", "null", invalid: !optional);
        yield return FuzzCase.Text("malformed JSON", "arrays nested 10,000 deep", new string('[', 10_000) + new string(']', 10_000), invalid: true);
        yield return FuzzCase.Text("malformed JSON", "objects nested 10,000 deep",
            string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000), invalid: true);
        yield return new FuzzCase("malformed JSON", "bytes that are not UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0xC3, 0x28, 0x22, 0x7D], FuzzCase.Json, Invalid: true);
        yield return new FuzzCase("malformed JSON", "empty body", [], FuzzCase.Json, Invalid: !optional);
        yield return new FuzzCase("malformed JSON", "no body, no content type", null, null, Invalid: !optional);
        // The last wins, as System.Text.Json reads objects: it may be accepted.
        yield return FuzzCase.Text("malformed JSON", "a duplicate key", valid[..^1] + "," + valid[1..], invalid: false);
        yield return FuzzCase.Text("malformed JSON", "a byte order mark", "\uFEFF" + valid, invalid: false);
        foreach (var type in FuzzPayloads.WrongContentTypes)
        {
            yield return FuzzCase.Text("content type", type, valid, invalid: !optional, contentType: type);
        }
    }

    private FuzzCase Body(string axis, string what, JsonNode body, bool invalid) =>
        FuzzCase.Text(axis, what, body.ToJsonString(DemandApi.Json), invalid);

    /// <summary>The body with <paramref name="path"/> set to a raw JSON token.</summary>
    private FuzzCase Raw(string axis, string what, string path, string token, bool invalid) =>
        FuzzCase.Text(axis, what, Change(path, _ => RawMarker).ToJsonString(DemandApi.Json)
            .Replace(JsonSerializer.Serialize(RawMarker, DemandApi.Json), token, StringComparison.Ordinal), invalid);

    /// <summary>A copy of the seed with the node at <paramref name="path"/> replaced (or removed).</summary>
    private JsonNode Change(string path, Func<JsonNode?, JsonNode?> change, bool remove = false)
    {
        var copy = shape.Seed.DeepClone();
        if (path == "")
        {
            return change(copy)!;
        }
        var (parent, key, index) = Locate(copy, path);
        if (index is { } i)
        {
            var array = parent.AsArray();
            var replaced = change(array[i]?.DeepClone());
            if (remove)
            {
                array.RemoveAt(i);
            }
            else
            {
                array[i] = replaced;
            }
        }
        else
        {
            var obj = parent.AsObject();
            var replaced = change(obj[key!]?.DeepClone());
            if (remove)
            {
                obj.Remove(key!);
            }
            else
            {
                obj[key!] = replaced;
            }
        }
        return copy;
    }

    private static (JsonNode Parent, string? Key, int? Index) Locate(JsonNode root, string path)
    {
        var segments = Segments(path).ToList();
        var parent = root;
        foreach (var segment in segments.SkipLast(1))
        {
            parent = segment.Index is { } i ? parent[i]! : parent[segment.Key!]!;
        }
        return (parent, segments[^1].Key, segments[^1].Index);
    }

    private static IEnumerable<(string? Key, int? Index)> Segments(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            yield return (bracket < 0 ? part : part[..bracket], null);
            if (bracket >= 0)
            {
                foreach (var index in part[(bracket + 1)..^1].Split("]["))
                {
                    yield return (null, int.Parse(index));
                }
            }
        }
    }

    /// <summary>Every node below the root with its path (<c>person.name</c>, <c>needs[0].serviceType</c>).</summary>
    private static IEnumerable<(string Path, JsonNode Node)> Fields(JsonNode node, string path)
    {
        IEnumerable<(string, JsonNode?)> children = node switch
        {
            JsonObject obj => obj.Select(p => (path == "" ? p.Key : $"{path}.{p.Key}", p.Value)),
            JsonArray array => array.Select((e, i) => ($"{path}[{i}]", e)),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            if (child is null)
            {
                continue;
            }
            yield return (childPath, child);
            foreach (var below in Fields(child, childPath))
            {
                yield return below;
            }
        }
    }

    private static IEnumerable<(string What, JsonNode Value)> OtherKinds(JsonValueKind kind) =>
        new (string What, JsonValueKind Kind, JsonNode Value)[]
        {
            ("a string", JsonValueKind.String, JsonValue.Create("text")),
            ("a number", JsonValueKind.Number, JsonValue.Create(7)),
            ("a boolean", JsonValueKind.True, JsonValue.Create(true)),
            ("an array", JsonValueKind.Array, new JsonArray(1, 2)),
            ("an object", JsonValueKind.Object, new JsonObject { ["x"] = 1 }),
        }
        // A number may come quoted (tried above); a string field only refuses numbers it was not meant to hold.
        .Where(k => k.Kind != kind && !(kind == JsonValueKind.Number && k.Kind == JsonValueKind.String)
                    && !(kind is JsonValueKind.True or JsonValueKind.False && k.Kind == JsonValueKind.True))
        .Select(k => (k.What, k.Value));

    private static string Name(string path) => path == "" ? "the body" : path;

    private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];
}
