using System.Globalization;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Reports;
using Dispatch.Web.Accounts;
using Dispatch.Web.Localization;
using Dispatch.Web.Reports;
using Dispatch.Web.Spreadsheets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace Dispatch.Web.Components.Pages.Reports;

/// <summary>
/// The printable monthly report (月报). The URL says what is shown (<c>/reports/{yyyy-MM}?station={id}</c>, this month
/// and the city, or a head's own station, by default); the pickers only navigate. What the user may see is decided by
/// <see cref="IReportService"/>: a station head always gets their own station, whatever the URL asks for.
/// </summary>
public partial class ReportPage
{
    /// <summary>How far back the month picker goes.</summary>
    public const int MonthsOffered = 24;

    private const string CityChoice = "";

    private DispatchUser? user;
    private ReportChoices? choices;
    private bool loaded;
    private DateOnly month;
    private string? stationId;
    private MonthlyReport? report;
    private IReadOnlyList<SheetTable> tables = [];
    private string? problem;

    [Parameter] public string? Month { get; set; }

    [SupplyParameterFromQuery(Name = "station")] public string? Station { get; set; }

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private IReportService Reports { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private ILogger<ReportPage> Logger { get; set; } = default!;

    [Inject] private IStringLocalizer<ReportPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            user ??= CurrentUser.From((await Authentication).User);
            choices ??= user is null ? null : await Reports.Choices(user);
            if (choices is not null)
            {
                await Load(choices);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage or the cluster did not answer: say so; opening the page again tries again.
            Logger.LogWarning(exception, "The monthly report could not be loaded");
            report = null;
            problem = T["Unavailable"];
        }
        loaded = true;
    }

    private async Task Load(ReportChoices scope)
    {
        report = null;
        tables = [];
        // A head has no city view: their own station is the only scope there is.
        stationId = scope.City ? NullIfEmpty(Station) : scope.Stations[0].Id;
        var parsed = Month is null ? scope.ThisMonth : ReportMonth.Parse(Month);
        month = parsed ?? scope.ThisMonth;
        if (parsed is null)
        {
            problem = T["BadMonth", Month!];
            return;
        }
        var answer = await Reports.Monthly(user!, month, stationId);
        problem = answer.Refusal switch
        {
            null => null,
            ReportRefusal.FutureMonth => T["FutureMonth", ReportMonth.Text(month)].Value,
            ReportRefusal.UnknownStation => T["UnknownStation"].Value,
            _ => L["NotAllowed"].Value,
        };
        if (answer is { Report: { } shown, Reference: { } reference })
        {
            report = shown;
            tables = ReportSheets.Build(shown, reference, T, L);
        }
    }

    private IEnumerable<DateOnly> Months(ReportChoices scope) =>
        Enumerable.Range(0, MonthsOffered).Select(i => scope.ThisMonth.AddMonths(-i));

    private void PickMonth(DateOnly picked) => Navigation.NavigateTo(Href(picked, stationId));

    private void PickStation(string? picked) => Navigation.NavigateTo(Href(month, NullIfEmpty(picked)));

    private static string Href(DateOnly month, string? station) =>
        $"reports/{ReportMonth.Text(month)}{(station is null ? "" : $"?station={Uri.EscapeDataString(station)}")}";

    /// <summary>The workbook of what is shown; the route serving it checks access again.</summary>
    private string DownloadHref => stationId is null
        ? $"api/reports/{ReportMonth.Text(month)}.xlsx"
        : $"api/reports/{ReportMonth.Text(month)}/stations/{Uri.EscapeDataString(stationId)}.xlsx";

    private string Heading(MonthlyReport shown) =>
        T["Heading", ReportMonth.Text(shown.Month), shown.StationName ?? T["City"]];

    private async Task Print() => await JS.InvokeVoidAsync("print");

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Text(object? cell) => cell switch
    {
        null => "—",
        double value => value.ToString("0.##", CultureInfo.CurrentCulture),
        IFormattable value => value.ToString(null, CultureInfo.CurrentCulture),
        _ => cell.ToString() ?? "",
    };
}
