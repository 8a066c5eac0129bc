using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Reports;
using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Components.Pages.Reports;
using Dispatch.Web.Localization;
using Dispatch.Web.Spreadsheets;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Reports;

/// <summary>The workbook's headers come from the page's own resources, in the request's language.</summary>
public sealed record ReportSheetLabels(IStringLocalizer<ReportPage> Page, IStringLocalizer<SharedResource> Shared);

public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        // City roles see the city and every station; a station head their own station (ReportService); others nothing.
        var reports = app.MapGroup("/api/reports").RequireAuthorization(DispatchPolicies.Kpis).WithTags("Reports");
        reports.MapGet("/{month}", (string month, IReportService service, HttpContext http) =>
                Respond(service, http, month, null, (report, _) => Results.Ok(report)))
            .WithSummary("The city's monthly report (月报) for a China-local month yyyy-MM, with every station's figures.");
        reports.MapGet("/{month}/stations/{stationId}", (string month, string stationId, IReportService service, HttpContext http) =>
                Respond(service, http, month, stationId, (report, _) => Results.Ok(report)))
            .WithSummary("One station's monthly report (月报) for a China-local month yyyy-MM.");
        reports.MapGet("/{month}.xlsx", (string month, IReportService service, HttpContext http, ReportSheetLabels labels) =>
                Respond(service, http, month, null, (report, reference) => Workbook(report, reference, labels)))
            .WithSummary("The city's monthly report as an Excel workbook, in the user's language.");
        reports.MapGet("/{month}/stations/{stationId}.xlsx", (string month, string stationId, IReportService service, HttpContext http, ReportSheetLabels labels) =>
                Respond(service, http, month, stationId, (report, reference) => Workbook(report, reference, labels)))
            .WithSummary("One station's monthly report as an Excel workbook, in the user's language.");
        return app;
    }

    /// <summary>The page's tables as sheets, named after the scope and the month.</summary>
    private static IResult Workbook(MonthlyReport report, ReferenceData reference, ReportSheetLabels labels)
    {
        using var content = new MemoryStream();
        SheetWriter.WriteXlsx(ReportSheets.Build(report, reference, labels.Page, labels.Shared), content);
        var scope = report.StationId ?? "city";
        return Results.File(content.ToArray(), SheetWriter.XlsxContentType, $"dispatch-report-{scope}-{ReportMonth.Text(report.Month)}.xlsx");
    }

    /// <summary>
    /// Reads the month, asks for the report as the signed-in user, and answers with <paramref name="ok"/> or the refusal:
    /// 400 for a month not written yyyy-MM or not begun yet, 403 for a scope the user may not see, 404 for an unknown
    /// station. Every way of serving a report (JSON, a workbook) goes through here.
    /// </summary>
    public static async Task<IResult> Respond(
        IReportService service, HttpContext http, string monthText, string? stationId, Func<MonthlyReport, ReferenceData, IResult> ok)
    {
        if (ReportMonth.Parse(monthText) is not { } month)
        {
            return Invalid($"month must be a month written yyyy-MM (e.g. 2026-11), not '{monthText}'.");
        }
        var user = CurrentUser.From(http);
        var answer = await service.Monthly(user, month, stationId);
        return answer switch
        {
            { Report: { } report, Reference: { } reference } => ok(report, reference),
            { Refusal: ReportRefusal.FutureMonth } => Invalid($"{monthText} has not begun yet (China time): there is nothing to report."),
            { Refusal: ReportRefusal.UnknownStation } => DemandResults.NotFound("station"),
            _ => stationId is null
                ? DemandResults.Forbidden("Only city roles see the city's report.", AccessDenial.Role)
                : DemandResults.Forbidden($"{user.Role} {user.DisplayName} may not see station '{stationId}'s report.",
                    AccessPolicy.Denial(user, user.Role == ActorRole.StationHead)),
        };
    }

    private static IResult Invalid(string message) => Results.ValidationProblem(
        new Dictionary<string, string[]> { ["month"] = [message] }, title: "The request has invalid fields.");
}
