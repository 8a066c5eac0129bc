using Bunit;
using Bunit.Rendering;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Components.Pages.KeyPersons;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Spreadsheets;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Dispatch.Web.Tests.Components.KeyPersons;

public sealed class RegisterImportDialogTests : ComponentTest
{
    private const string Station = "east";

    private static readonly DispatchUser Head = new("head-east", "王站长", ActorRole.StationHead, Station);

    private static readonly string[] Header = ["姓名", "身份证号", "社区", "类别", "开始日期"];

    public RegisterImportDialogTests()
    {
        Demands.ReferenceData = new ReferenceData(
            [new("east-c1", "东一社区", Station, CommunityKind.Community), new("west-c1", "西一社区", "west", CommunityKind.Community)],
            [new(Station, "东区社工站", "王站长", "1", "Asia/Shanghai"), new("west", "西区社工站", "李站长", "2", "Asia/Shanghai")],
            [],
            [new("dibao", "低保对象", "Minimum living allowance", false)],
            SlaTargets.Default);
    }

    private static string IdNumber(int n) => RegisterFiles.IdNumber(n);

    private static byte[] Xlsx(params object?[][] rows) => RegisterFiles.Xlsx(Header, rows);

    private (IRenderedComponent<ContainerFragment> Screen, Task<IDialogReference> Dialog) Open()
    {
        var screen = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
        });
        var dialog = screen.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<RegisterImportDialog>("",
            new DialogParameters<RegisterImportDialog> { { d => d.StationId, Station }, { d => d.User, Head } }));
        screen.WaitForElement("[data-test=register-import-dialog]");
        return (screen, dialog);
    }

    private static void Upload(IRenderedComponent<ContainerFragment> screen, byte[] file, string fileName = "名册.xlsx")
    {
        screen.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(file, fileName));
        screen.WaitForAssertion(() => Assert.Equal(fileName, screen.Find("[data-test=register-file-name]").TextContent));
        screen.WaitForAssertion(() => Assert.False(screen.Find("[data-test=register-dry-run]").HasAttribute("disabled")));
    }

    private static bool Disabled(IRenderedComponent<ContainerFragment> screen, string test) =>
        screen.Find($"[data-test={test}]").HasAttribute("disabled");

    [Fact]
    public void A_dry_run_lists_every_problem_by_line_and_column_and_keeps_import_disabled()
    {
        var (screen, _) = Open();
        Assert.True(Disabled(screen, "register-dry-run"));
        Assert.True(Disabled(screen, "register-import"));

        Upload(screen, Xlsx(
            ["王秀英", IdNumber(1), "东一社区", "低保对象", new DateOnly(2026, 1, 5)],
            ["李建国", IdNumber(2)[..17] + "0", "西一社区", "低保对象", new DateOnly(2026, 1, 5)]));
        screen.Find("[data-test=register-dry-run]").Click();

        screen.WaitForAssertion(() => Assert.Equal(2, screen.FindAll("[data-test=register-problem]").Count));
        var problems = screen.FindAll("[data-test=register-problem]")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent).Take(2).ToArray()).ToArray();
        Assert.Equal([["3", "身份证号"], ["3", "社区"]], problems);
        Assert.Contains("共 2 个问题", screen.Find("[data-test=register-has-problems]").TextContent);
        Assert.True(Disabled(screen, "register-import"));
        Assert.Empty(KeyPersons.Saves);
    }

    [Fact]
    public async Task A_clean_dry_run_enables_import_which_saves_as_the_user_and_says_what_it_did()
    {
        var (screen, dialog) = Open();
        Upload(screen, Xlsx(
            ["王秀英", IdNumber(1), "东一社区", "低保对象", new DateOnly(2026, 1, 5)],
            ["王秀英", IdNumber(1), "east-c1", "dibao", new DateOnly(2026, 2, 1)],
            ["李建国", IdNumber(2), "东一社区", "低保对象", new DateOnly(2026, 1, 5)]));

        screen.Find("[data-test=register-dry-run]").Click();
        screen.WaitForAssertion(() => Assert.Contains("未发现问题", screen.Find("[data-test=register-clean]").TextContent));
        Assert.Equal("共 3 行：新增 2 人，更新 0 人，无变化 0 人。", screen.Find("[data-test=register-summary]").TextContent.Trim());
        Assert.Contains("第 2、3 行身份证号相同（王秀英，", screen.Find("[data-test=register-merged]").TextContent);
        Assert.Empty(KeyPersons.Saves);

        screen.Find("[data-test=register-import]").Click();

        screen.WaitForAssertion(() => Assert.NotNull(screen.Find("[data-test=register-imported]")));
        Assert.Equal("已导入：新增 2 人，更新 0 人，无变化 0 人。", screen.Find("[data-test=register-summary]").TextContent.Trim());
        Assert.Equal(2, KeyPersons.People.Count);
        Assert.All(KeyPersons.People.Values, p => Assert.Equal(Head.UserName, p.History[0].Actor.Id));
        Assert.True(Disabled(screen, "register-import"));

        screen.Find("[data-test=register-close]").Click();
        var closed = await (await dialog).Result;
        Assert.Equal(true, closed!.Data);
    }

    [Fact]
    public void A_stop_part_way_names_the_saved_lines_and_says_importing_again_is_safe()
    {
        KeyPersons.FailingSave = 2;
        var (screen, _) = Open();
        Upload(screen, Xlsx(
            ["王秀英", IdNumber(1), "东一社区", "低保对象", new DateOnly(2026, 1, 5)],
            ["李建国", IdNumber(2), "东一社区", "低保对象", new DateOnly(2026, 1, 5)]));
        screen.Find("[data-test=register-dry-run]").Click();
        screen.WaitForElement("[data-test=register-clean]");

        screen.Find("[data-test=register-import]").Click();

        screen.WaitForAssertion(() => Assert.Contains("导入在第 3 行中断", screen.Find("[data-test=register-stopped]").TextContent));
        Assert.Contains("此前已保存的行：2。", screen.Find("[data-test=register-stopped]").TextContent);
        Assert.Contains("重新导入同一文件", screen.Find("[data-test=register-stopped]").TextContent);
    }

    [Fact]
    public void An_unreadable_file_says_why_and_the_export_links_download_the_stations_register()
    {
        var (screen, _) = Open();
        Upload(screen, "not a spreadsheet"u8.ToArray(), "名册.pdf");
        screen.Find("[data-test=register-dry-run]").Click();

        screen.WaitForAssertion(() => Assert.StartsWith("无法读取文件：Only .xlsx and .csv", screen.Find("[data-test=register-file-error]").TextContent.Trim()));
        Assert.True(Disabled(screen, "register-import"));
        Assert.Equal($"/api/stations/{Station}/key-persons/export.xlsx", screen.Find("[data-test=register-export-xlsx]").GetAttribute("href"));
        Assert.Equal($"/api/stations/{Station}/key-persons/export.csv", screen.Find("[data-test=register-export-csv]").GetAttribute("href"));
        Assert.True(screen.Find("[data-test=register-export-csv]").HasAttribute("download"));
    }
}
