using System.Net.Http.Headers;
using System.Text;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Spreadsheets;

namespace Dispatch.Web.Tests.Fuzz;

/// <summary>
/// The register import takes a file, not JSON: broken forms, files that are no register, and sizes past its limit. Sent
/// to import for real (dryRun=false), every one is refused.
/// </summary>
public static class RegisterUploads
{
    public static async Task<List<FuzzCase>> Cases(Random random)
    {
        var garbage = new byte[4096];
        random.NextBytes(garbage);
        var csv = Encoding.UTF8.GetBytes("姓名,身份证号\n<script>window.__pwned=1</script>,\u0001\u202E123\n");
        return
        [
            new("upload", "no body", null, null, Invalid: true),
            FuzzCase.Text("upload", "JSON instead of a form", """{"file":"register.xlsx"}""", invalid: true),
            FuzzCase.Text("upload", "plain text", "name,idNumber", invalid: true, contentType: "text/plain"),
            FuzzCase.Text("upload", "a form without a boundary", "--x\r\n\r\n--x--", invalid: true, contentType: "multipart/form-data"),
            FuzzCase.Text("upload", "a form whose boundary never comes", "no parts here", invalid: true, contentType: "multipart/form-data; boundary=abc"),
            FuzzCase.Text("upload", "a form cut short", "--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nx",
                invalid: true, contentType: "multipart/form-data; boundary=abc"),
            await Form("a form without the file", form => form.Add(new StringContent("x"), "other")),
            await Form("the file in another field", form => form.Add(File(garbage), "upload", "register.xlsx")),
            await Form("random bytes as .xlsx", form => form.Add(File(garbage), RegisterEndpoints.FileField, "register.xlsx")),
            await Form("random bytes as .csv", form => form.Add(File(garbage), RegisterEndpoints.FileField, "register.csv")),
            await Form("an empty file", form => form.Add(File([]), RegisterEndpoints.FileField, "register.xlsx")),
            await Form("a CSV that is no register", form => form.Add(File(csv), RegisterEndpoints.FileField, "register.csv")),
            await Form("a file named like markup", form => form.Add(File(garbage), RegisterEndpoints.FileField, "<img src=x onerror=alert(1)>.exe")),
            await Form("a file past the limit", form => form.Add(File(new byte[SheetReader.MaxBytes + 1]), RegisterEndpoints.FileField, "register.csv")),
        ];
    }

    /// <summary>
    /// The dryRun switch unreadable, and a check (the default) of files that are no register: a check answers with the
    /// problems it found, so it may succeed, but imports nothing either way.
    /// </summary>
    public static async Task<IEnumerable<(string Query, List<FuzzCase> Cases)>> QueryCases(Random random)
    {
        var notARegister = await Form("random bytes", form => form.Add(File([1, 2, 3]), RegisterEndpoints.FileField, "register.xlsx"));
        var checks = (await Cases(random)).Select(c => c with { Invalid = c.What.StartsWith("a form", StringComparison.Ordinal) || c.Body is null })
            .ToList();
        return [("?dryRun=maybe", [notARegister]), ("?dryRun=1", [notARegister]), ("", checks)];
    }

    private static ByteArrayContent File(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static async Task<FuzzCase> Form(string what, Action<MultipartFormDataContent> fill)
    {
        using var form = new MultipartFormDataContent();
        fill(form);
        return new FuzzCase("upload", what, await form.ReadAsByteArrayAsync(), form.Headers.ContentType!.ToString(), Invalid: true);
    }
}
