using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Sla;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Pages.KeyPersons;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Demands;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
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
    /// <summary>The casework step whose form the address names; null: the case's next step.</summary>
    private CaseworkStep? openStep;
    private KeyPerson? visiting;
    private VisitRounds? rounds;

    private enum WorkerScreen { Cases, Case, Report, Visit }

    /// <summary>
    /// Bound by the router from the address; the page reads its screen from the address itself (<see cref="Follow"/>):
    /// /worker and /worker/report carry no parameter to tell them apart, so the router would not say the address changed.
    /// </summary>
    [Parameter] public string? DemandId { get; set; }

    /// <inheritdoc cref="DemandId"/>
    [Parameter] public string? PersonId { get; set; }

    /// <inheritdoc cref="DemandId"/>
    [Parameter] public string? Step { get; set; }

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IStringLocalizer<WorkerPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterPage> Visits { get; set; } = default!;

    [Inject] private IKeyPersonService Persons { get; set; } = default!;

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
        Navigation.LocationChanged += OnLocationChanged;
        await Follow();
    }

    public override void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        base.Dispose();
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(Follow);

    /// <summary>Shows the screen the address names: the phone's Back button and a reload keep the worker where they were.</summary>
    private async Task Follow()
    {
        var path = Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0];
        switch (path.Split('/').Select(Uri.UnescapeDataString).ToArray())
        {
            case [_, "cases", var demandId]:
                openStep = null;
                await ShowCase(demandId);
                break;
            case [_, "cases", var demandId, "steps", var step]:
                openStep = Enum.TryParse<CaseworkStep>(step, out var named) && Enum.IsDefined(named) ? named : null;
                await ShowCase(demandId);
                break;
            case [_, "visits", var personId]:
                await ShowVisit(personId);
                break;
            case [_, "report"]:
                screen = WorkerScreen.Report;
                break;
            default:
                openCase = null;
                visiting = null;
                screen = WorkerScreen.Cases;
                break;
        }
        StateHasChanged();
    }

    private void Open(string address) => Navigation.NavigateTo(address);

    /// <summary>Each step's form has its address too: Back returns to the form before, a reload keeps this one.</summary>
    private void OpenStep(CaseworkStep step) => Open(WorkerAddress.Step(openCase!.Id, step));

    /// <summary>
    /// Back to the list in place of the screen left (done with, or given up): Back from the list then leaves the
    /// worker's page rather than reopening a form already sent.
    /// </summary>
    private void BackToCases() => Navigation.NavigateTo(WorkerAddress.Cases, replace: true);

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
            StateHasChanged();
        }
        else
        {
            Snackbar.Add(T["CaseLeft", demandId], Severity.Info);
            BackToCases();
        }
    }

    /// <summary>The visit form for someone the worker may see; anyone else (a stale or mistyped address): back to the list.</summary>
    private async Task ShowVisit(string personId)
    {
        if (user is not null && await Persons.Get(personId, user) is { } view)
        {
            visiting = view.Person;
            screen = WorkerScreen.Visit;
        }
        else
        {
            BackToCases();
        }
    }

    /// <summary>A command on the open case succeeded: show its new state at once (the push that follows is a repeat).</summary>
    private void CaseChanged(Demand demand)
    {
        cases?.Apply(demand.ToSummary());
        if (demand.IsOpen && openStep is not null)
        {
            // A step recorded from its own address: on to the case's next step, in the recorded step's place.
            Navigation.NavigateTo(WorkerAddress.Case(demand.Id), replace: true);
        }
        else if (demand.IsOpen)
        {
            openCase = demand;
        }
        else
        {
            BackToCases();
        }
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

    private void Visit(VisitDue due) => Open(WorkerAddress.Visit(due.PersonId));

    private void VisitRecorded(KeyPerson person)
    {
        var needs = person.Visits[^1].Needs.Count;
        Snackbar.Add(needs == 0 ? Visits["VisitRecorded"] : Visits["VisitRecordedWithNeeds", needs], Severity.Success);
        BackToCases();
    }
}

/// <summary>The address of each of the worker's screens.</summary>
internal static class WorkerAddress
{
    public const string Cases = "worker";

    public const string Report = "worker/report";

    public static string Case(string demandId) => $"worker/cases/{Uri.EscapeDataString(demandId)}";

    public static string Step(string demandId, CaseworkStep step) => $"{Case(demandId)}/steps/{step}";

    public static string Visit(string personId) => $"worker/visits/{Uri.EscapeDataString(personId)}";
}
