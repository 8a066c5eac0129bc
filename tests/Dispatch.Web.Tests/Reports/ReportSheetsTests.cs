using System.Globalization;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Components.Pages.Reports;
using Dispatch.Web.Localization;
using Dispatch.Web.Reports;
using Dispatch.Web.Spreadsheets;
using Dispatch.Web.Tests.Components;
using Dispatch.Web.Tests.Components.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Web.Tests.Reports;

/// <summary>
/// The workbook's tables of the November in <see cref="FakeReportService"/> (D1 in 城厢: accepted in 10 min, contacted in
/// 60, closed, rated 5, 3 person-times of elderly care, 慈善超市 linked; D2 waiting in 沙溪), computed on 11-02 10:00.
/// </summary>
public sealed class ReportSheetsTests
{
    private static readonly DispatchUser Leader = new("u-leader", "林局长", ActorRole.Leader);

    private static async Task<IReadOnlyList<SheetTable>> Sheets(string culture, string? stationId = null)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var answer = await new FakeReportService(new FakeTimeProvider(ComponentTest.Now)).Monthly(Leader, new DateOnly(2026, 11, 1), stationId);
        using var services = new ServiceCollection().AddLogging().AddDispatchLocalization().BuildServiceProvider();
        return ReportSheets.Build(answer.Report!, answer.Reference!,
            services.GetRequiredService<IStringLocalizer<ReportPage>>(), services.GetRequiredService<IStringLocalizer<SharedResource>>());
    }

    private static IReadOnlyList<object?> Row(SheetTable sheet, string first) => sheet.Rows.Single(r => Equals(r[0], first));

    [Fact]
    public async Task The_city_workbook_has_a_sheet_per_table_with_Chinese_headers()
    {
        var sheets = await Sheets(SupportedCultures.Chinese);

        Assert.Equal(["概况", "按服务类型", "按人群类别", "服务类型与人群类别", "各社工站", "时限达标", "链接资源"], sheets.Select(s => s.Name));
        Assert.All(sheets, s => Assert.All(s.Rows, r => Assert.Equal(s.Header.Count, r.Count)));
        var summary = sheets[0];
        Assert.Equal(["指标", "数值"], summary.Header);
        Assert.Equal("2026-11", Row(summary, "月份")[1]);
        Assert.Equal("全市", Row(summary, "范围")[1]);
        Assert.Equal("2026-11-02 10:00", Row(summary, "数据截至")[1]);
        // Counts are whole numbers, durations minutes and shares percentages; what cannot be measured is an empty cell.
        Assert.Equal(2, Row(summary, "受理工单")[1]);
        Assert.Equal(3, Row(summary, "服务人次")[1]);
        Assert.Equal(10.0, Row(summary, "接单时长中位数（分钟）")[1]);
        Assert.Equal(60.0, Row(summary, "首次联系时长 P90（分钟）")[1]);
        Assert.Equal(100.0, Row(summary, "4 分及以上占比（%）")[1]);
        Assert.Null(Row(summary, "走访率（%）")[1]);
    }

    [Fact]
    public async Task Services_stations_SLA_and_resources_each_get_their_rows()
    {
        var sheets = (await Sheets(SupportedCultures.Chinese)).ToDictionary(s => s.Name);

        Assert.Equal(6, sheets["按服务类型"].Rows.Count);   // every service type, zeros included
        Assert.Equal(["老幼关爱", 3, 1], Row(sheets["按服务类型"], "老幼关爱"));
        Assert.Equal(["独居老人", 3, 1], Assert.Single(sheets["按人群类别"].Rows));
        Assert.Equal(["老幼关爱", "独居老人", 3, 1], Assert.Single(sheets["服务类型与人群类别"].Rows));

        var stations = sheets["各社工站"];
        Assert.Equal(["社工站", "受理工单", "办结工单", "取消工单", "退回次数", "走访率（%）", "服务人次", "接单时长中位数（分钟）",
            "首次联系时长中位数（分钟）", "时限达标率（%）", "平均满意度（1–5 分）"], stations.Header);
        Assert.Equal(["城厢镇社工站", 1, 1, 0, 0, null, 3, 10.0, 60.0, 100.0, 5.0], Row(stations, "城厢镇社工站"));
        Assert.Equal(["沙溪镇社工站", 1, 0, 0, 0, null, 0, null, null, null, null], Row(stations, "沙溪镇社工站"));

        // Both are normal. D1 met both targets. D2, reported 11-01 10:00 and never dispatched, is exactly 24 h old at
        // 11-02 10:00: not past its contact deadline yet, so undecided, and acceptance is not due before a dispatch.
        var sla = sheets["时限达标"];
        Assert.Equal(["紧急程度", "时限", "达标", "未达标", "时限达标率（%）"], sla.Header);
        Assert.Equal(10, sla.Rows.Count);   // 3 urgencies × (2 targets + both) + overall
        Assert.Equal(["紧急", "接单", 0, 0, null], sla.Rows[0]);
        Assert.Equal(["一般", "接单", 1, 0, 100.0], sla.Rows[3]);
        Assert.Equal(["一般", "首次联系", 1, 0, 100.0], sla.Rows[4]);
        Assert.Equal(["一般", "合计", 2, 0, 100.0], sla.Rows[5]);
        Assert.Equal(["全部", "合计", 2, 0, 100.0], sla.Rows[9]);
        Assert.Equal([["慈善超市", 1]], sheets["链接资源"].Rows);
    }

    [Fact]
    public async Task A_station_workbook_has_no_stations_sheet_and_English_headers_in_English()
    {
        var sheets = await Sheets(SupportedCultures.English, "shaxi");

        Assert.Equal(["Summary", "Services by type", "Services by category", "Services by type and category", "SLA compliance",
            "Resources linked"], sheets.Select(s => s.Name));
        Assert.Equal("沙溪镇社工站", Row(sheets[0], "Scope")[1]);
        Assert.Equal(1, Row(sheets[0], "Orders reported")[1]);
        Assert.Equal(["Service type", "Person-times served", "Orders closed"], sheets[1].Header);
        Assert.Equal("Elderly and child care", sheets[1].Rows[3][0]);
        Assert.Empty(sheets[5].Rows);
    }
}
