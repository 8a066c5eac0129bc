using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Pages.KeyPersons;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Worker;

/// <summary>
/// The stationed social worker's phone (驻站社工): their open cases live, one case at a time to record first contact,
/// the casework steps in order and the close, and a short form to report a need found on an outreach visit.
/// </summary>
public partial class WorkerPage
{
    /// <summary>The states in which a case is the worker's to serve.</summary>
    private static readonly DemandState[] CaseStates = [DemandState.Assigned, DemandState.InService];

    private DispatchUser? user;
    private LiveSet<DemandSummary>? cases;
    private WorkerScreen screen = WorkerScreen.Cases;
    private Demand? openCase;
    private VisitDue? visiting;
    private VisitRounds? rounds;

    private enum WorkerScreen { Cases, Case, Report, Visit }

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IStringLocalizer<WorkerPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterPage> Visits { get; set; } = default!;

    private SocialWorker? Me => user?.WorkerId is { } id ? Reference.FindWorker(id) : null;

    /// <summary>The nearest SLA deadline first (a contact due soon), then the oldest.</summary>
    private IReadOnlyList<DemandSummary> MyCases =>
        [.. (cases?.All ?? [])
            .OrderBy(d => SlaPolicy.NextDeadline(d, Reference.Sla)?.DueAt ?? DateTimeOffset.MaxValue)
            .ThenBy(d => d.ReportedAt)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];

    protected override async Task OnInitializedAsync()
    {
        user = CurrentUser.From((await Authentication).User);
        if (user is not { WorkerId: not null })
        {
            return;
        }
        // Created before the first await on data, so pushes that arrive while the lists load are kept too.
        var viewer = user;
        cases = LiveSet.Demands(d => d.IsOpen && AccessPolicy.CanView(viewer, d));
        Reference = await Demands.Reference();
        // One list per case state: the worker's closed cases would otherwise crowd open ones out of the list's limit.
        var lists = await Task.WhenAll(CaseStates.Select(state =>
            Demands.List(new DemandFilter(state, null, null, null, DemandFilter.MaxLimit), viewer)));
        foreach (var summary in lists.SelectMany(list => list))
        {
            cases.Apply(summary);
        }
    }

    protected override Task OnDemandChanged(DemandSummary summary) => Apply(summary);

    private async Task Apply(DemandSummary summary)
    {
        if (cases is null)
        {
            return;
        }
        if (cases.Apply(summary))
        {
            StateHasChanged();
        }
        // The open case's timeline and allowed steps come from the whole demand: fetch it again when it moved on.
        if (openCase is { } shown && shown.Id == summary.Id && summary.Version > shown.Version)
        {
            await ShowCase(summary.Id);
        }
    }

    /// <summary>Shows the case as it is now, or goes back to the list when it is no longer the worker's (re-assigned, cancelled).</summary>
    private async Task ShowCase(string demandId)
    {
        var demand = user is null ? null : await Demands.Get(demandId, user);
        if (demand is not null)
        {
            cases?.Apply(demand.ToSummary());
        }
        if (demand is { IsOpen: true })
        {
            openCase = demand;
            screen = WorkerScreen.Case;
        }
        else
        {
            Snackbar.Add(T["CaseLeft", demandId], Severity.Info);
            BackToCases();
        }
        StateHasChanged();
    }

    /// <summary>A command on the open case succeeded: show its new state at once (the push that follows is a repeat).</summary>
    private void CaseChanged(Demand demand)
    {
        cases?.Apply(demand.ToSummary());
        if (demand.IsOpen)
        {
            openCase = demand;
        }
        else
        {
            Snackbar.Add(T["CaseClosed", demand.Id], Severity.Success);
            BackToCases();
        }
    }

    private void BackToCases()
    {
        openCase = null;
        visiting = null;
        screen = WorkerScreen.Cases;
    }

    protected override Task OnKeyPersonChanged(KeyPersonSummary summary)
    {
        // Only while the rounds are on screen: they load afresh when the worker comes back to them.
        if (screen == WorkerScreen.Cases)
        {
            rounds?.Apply(summary);
        }
        return Task.CompletedTask;
    }

    private void Visit(VisitDue due)
    {
        visiting = due;
        screen = WorkerScreen.Visit;
    }

    private void VisitRecorded(KeyPerson person)
    {
        var needs = person.Visits[^1].Needs.Count;
        Snackbar.Add(needs == 0 ? Visits["VisitRecorded"] : Visits["VisitRecordedWithNeeds", needs], Severity.Success);
        BackToCases();
    }

    private void OpenReport() => screen = WorkerScreen.Report;

}
