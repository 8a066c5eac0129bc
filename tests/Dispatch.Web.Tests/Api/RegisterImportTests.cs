using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Testing;
using Dispatch.Web.Accounts;
using Dispatch.Web.Demands;
using Dispatch.Web.DemoData;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Spreadsheets;
using Dispatch.Web.Testing;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Api;

/// <summary>
/// Importing and exporting a station's key-person register over HTTP, on the real host with the register itself
/// in memory (<see cref="InMemoryKeyPersonService"/>).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RegisterImportTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Station = "chengxiang";
    private const string Import = $"/api/stations/{Station}/key-persons/import";

    private static readonly string[] Header = ["姓名", "身份证号", "电话", "社区", "类别", "开始日期", "结束日期", "风险等级", "备注"];

    private readonly DispatchAppFactory app = new(azurite)
    {
        TestServices = services =>
        {
            // The host loads the demo directory; the register reads the same one.
            var city = TaicangDemoData.Create();
            services.AddSingleton<IKeyPersonService>(new InMemoryKeyPersonService(() => city, TimeProvider.System));
        },
    };

    private HttpClient head = null!;

    private InMemoryKeyPersonService Register => (InMemoryKeyPersonService)app.Services.GetRequiredService<IKeyPersonService>();

    public async Task InitializeAsync() => head = await app.ClientFor(DemoUsers.HeadOf(Station));

    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    private static string IdNumber(int n) => RegisterFiles.IdNumber(n);

    private static byte[] Xlsx(params object?[][] rows) => RegisterFiles.Xlsx(Header, rows);

    private static readonly object?[][] TwoPeople =
    [
        ["王秀英", IdNumber(1), "13912345678", "chengxiang-c01", "低保对象、独居老人", new DateOnly(2026, 1, 5), null, "高", "腿脚不便"],
        ["李建国", IdNumber(2), null, "chengxiang-c02", "受灾困难群众", new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31), null, null],
    ];

    private static async Task<HttpResponseMessage> Upload(HttpClient client, byte[] file, string fileName, bool? dryRun)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, RegisterEndpoints.FileField, fileName);
        return await client.PostAsync(dryRun is { } dry ? $"{Import}?dryRun={dry.ToString().ToLowerInvariant()}" : Import, form);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static (int, int, int) Counts(JsonElement report) =>
        (report.GetProperty("created").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("unchanged").GetInt32());

    [Fact]
    public async Task A_dry_run_reports_what_an_import_would_do_and_changes_nothing()
    {
        var report = await Json(await Upload(head, Xlsx(TwoPeople), "名册.xlsx", dryRun: null), HttpStatusCode.OK);

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.True(report.GetProperty("clean").GetBoolean());
        Assert.Equal((2, 0, 0), Counts(report));
        Assert.Equal(IdNumbers.Mask(IdNumber(1)), report.GetProperty("people")[0].GetProperty("maskedIdNumber").GetString());
        Assert.DoesNotContain(IdNumber(1), report.ToString());
        Assert.Empty(Register.People);
    }

    [Fact]
    public async Task An_import_saves_each_person_and_importing_the_same_file_again_changes_nothing()
    {
        var file = Xlsx(TwoPeople);

        var first = await Json(await Upload(head, file, "名册.xlsx", dryRun: false), HttpStatusCode.OK);
        var again = await Json(await Upload(head, file, "名册.xlsx", dryRun: false), HttpStatusCode.OK);

        Assert.True(first.GetProperty("imported").GetBoolean());
        Assert.Equal((2, 0, 0), Counts(first));
        Assert.Equal([2, 3], first.GetProperty("savedLines").EnumerateArray().Select(l => l.GetInt32()));
        Assert.Equal((0, 0, 2), Counts(again));
        Assert.Equal(2, Register.Saves.Count);
        var wang = Register.People.Values.Single(p => p.Details.Name == "王秀英");
        Assert.Equal(["dibao", "elderly-alone"], wang.Details.Categories.Select(c => c.CategoryId));
        Assert.Equal(Station, wang.StationId);
    }

    [Fact]
    public async Task A_file_with_any_bad_line_is_refused_whole_with_the_same_report()
    {
        object?[] bad = ["张三", IdNumber(3)[..17] + "0", null, "shaxi-c01", "低保对象", new DateOnly(2026, 1, 5), null, null, null];
        var file = Xlsx([.. TwoPeople, bad]);

        var dry = await Json(await Upload(head, file, "名册.xlsx", dryRun: true), HttpStatusCode.OK);
        var refused = await Json(await Upload(head, file, "名册.xlsx", dryRun: false), (HttpStatusCode)422);

        Assert.False(dry.GetProperty("clean").GetBoolean());
        var problems = refused.GetProperty("report").GetProperty("problems");
        Assert.Equal([(4, "身份证号"), (4, "社区")],
            problems.EnumerateArray().Select(p => (p.GetProperty("line").GetInt32(), p.GetProperty("column").GetString())));
        Assert.Equal(dry.GetProperty("problems").ToString(), problems.ToString());
        Assert.Equal("The file has problems: nothing was imported.", refused.GetProperty("title").GetString());
        Assert.Empty(Register.Saves);
    }

    [Fact]
    public async Task A_stop_part_way_says_which_lines_were_saved_and_importing_again_finishes_the_job()
    {
        var file = Xlsx(TwoPeople);
        Register.FailingSave = 2;

        var stopped = await Json(await Upload(head, file, "名册.xlsx", dryRun: false), HttpStatusCode.ServiceUnavailable);
        Register.FailingSave = null;
        var again = await Json(await Upload(head, file, "名册.xlsx", dryRun: false), HttpStatusCode.OK);

        Assert.Contains("Saving stopped at line 3", stopped.GetProperty("detail").GetString());
        Assert.Contains("import the same file again", stopped.GetProperty("detail").GetString());
        Assert.Equal([2], stopped.GetProperty("report").GetProperty("savedLines").EnumerateArray().Select(l => l.GetInt32()));
        Assert.Equal((1, 0, 1), Counts(again));
        Assert.Equal(2, Register.People.Count);
    }

    [Fact]
    public async Task A_person_another_station_registered_stops_the_import_at_their_line_as_refused()
    {
        var admin = new DispatchUser(DemoUsers.Admin, "admin", ActorRole.Admin);
        await Register.Save(new KeyPersonDetails("李建国", IdNumber(2), null, "shaxi-c01", [new("dibao", new DateOnly(2025, 1, 1))], null, null), admin);

        // The head cannot see the other station's register, so the dry run takes the line for a new person.
        var stopped = await Json(await Upload(head, Xlsx(TwoPeople), "名册.xlsx", dryRun: false), HttpStatusCode.Conflict);

        Assert.Contains("Saving stopped at line 3", stopped.GetProperty("detail").GetString());
        Assert.True(stopped.GetProperty("report").GetProperty("stopped").GetProperty("refused").GetBoolean());
        Assert.Equal("shaxi", Register.People.Values.Single(p => p.Details.Name == "李建国").StationId);
    }

    [Fact]
    public async Task Unreadable_uploads_are_400_problems_not_errors()
    {
        var broken = await Json(await Upload(head, Xlsx(TwoPeople)[..200], "名册.xlsx", dryRun: true), HttpStatusCode.BadRequest);
        using var wrongField = new MultipartFormDataContent { { new ByteArrayContent(Xlsx(TwoPeople)), "upload", "名册.xlsx" } };
        var noFile = await Json(await head.PostAsync(Import, wrongField), HttpStatusCode.BadRequest);
        var notAForm = await Json(await head.PostAsync(Import, new StringContent("姓名")), HttpStatusCode.BadRequest);

        Assert.Contains("cannot be read as an Excel workbook", broken.GetProperty("detail").GetString());
        Assert.Contains("field named 'file'", noFile.GetProperty("detail").GetString());
        Assert.Equal(noFile.GetProperty("detail").GetString(), notAForm.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Only_the_stations_head_and_admins_may_import_or_export()
    {
        var file = Xlsx(TwoPeople);
        foreach (var user in new[] { DemoUsers.HeadOf("shaxi"), DemoUsers.Dispatcher, DemoUsers.Leader })
        {
            var client = await app.ClientFor(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await Upload(client, file, "名册.xlsx", dryRun: false)).StatusCode);
            // Whatever the body: who may not import is told so before anything is read.
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(Import, new StringContent("{}"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/stations/{Station}/key-persons/export.xlsx")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await Upload(app.Anonymous(), file, "名册.xlsx", dryRun: true)).StatusCode);
        var admin = await app.ClientFor(DemoUsers.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/stations/nowhere/key-persons/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Upload(admin, file, "名册.xlsx", dryRun: true)).StatusCode);
        Assert.Empty(Register.Saves);
    }

    [Fact]
    public async Task An_upload_signed_by_the_browser_cookie_needs_the_pages_antiforgery_token()
    {
        var browser = app.Anonymous();
        await CookieSignIn.SignIn(browser, DemoUsers.HeadOf(Station), DemoUsers.Password);
        var token = CookieSignIn.AntiforgeryToken(await CookieSignIn.Html(await browser.GetAsync("/station")));

        var forged = await Upload(browser, Xlsx(TwoPeople), "名册.xlsx", dryRun: false);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Xlsx(TwoPeople)), RegisterEndpoints.FileField, "名册.xlsx" },
        };
        var fromThePage = await browser.PostAsync($"{Import}?dryRun=false", form);

        Assert.Contains("antiforgery", (await Json(forged, HttpStatusCode.BadRequest)).GetProperty("title").GetString());
        Assert.Equal((2, 0, 0), Counts(await Json(fromThePage, HttpStatusCode.OK)));
    }

    [Theory]
    [InlineData("xlsx")]
    [InlineData("csv")]
    public async Task An_exported_register_has_the_id_numbers_in_full_and_imports_again_as_a_no_op(string format)
    {
        await Json(await Upload(head, Xlsx(TwoPeople), "名册.xlsx", dryRun: false), HttpStatusCode.OK);

        var export = await head.GetAsync($"/api/stations/{Station}/key-persons/export.{format}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var file = await export.Content.ReadAsByteArrayAsync();
        var fileName = export.Content.Headers.ContentDisposition!.FileNameStar!;
        var rows = await SheetReader.Read(fileName, new MemoryStream(file));
        var again = await Json(await Upload(head, file, fileName, dryRun: false), HttpStatusCode.OK);

        Assert.EndsWith($".{format}", fileName);
        Assert.True(export.Headers.CacheControl!.NoStore);
        Assert.Equal(Header, rows[0].Cells);
        Assert.Contains(rows, r => r.Cells[1] == IdNumber(1));
        Assert.Equal((0, 0, 2), Counts(again));
        Assert.Equal(2, Register.Saves.Count);
    }
}
