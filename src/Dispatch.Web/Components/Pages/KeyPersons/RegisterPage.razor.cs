using System.Collections.Immutable;
using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Grains;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Pages.Console;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.KeyPersons;

/// <summary>A register line: the person and where they stand in this month's visit plan (null: not due this month).</summary>
public sealed record RegisterRow(KeyPersonSummary Person, VisitDue? Due);

/// <summary>
/// The key-person register (重点人群): everyone the user may see, with this month's visits, who is overdue and the
/// visit rate, live as workers record visits. A station head keeps their station's register here; city roles read
/// every station's, with id numbers masked.
/// </summary>
public partial class RegisterPage
{
    private LiveSet<KeyPersonSummary>? people;
    private ImmutableDictionary<string, VisitDue> plan = ImmutableDictionary<string, VisitDue>.Empty;
    private DispatchUser? user;
    private string? stationId;
    private string? search;
    private bool overdueOnly;
    private DateOnly today;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    /// <summary>Opens the register on one station (e.g. from the station desk).</summary>
    [SupplyParameterFromQuery(Name = "station")] public string? Station { get; set; }

    /// <summary>Opens the register on overdue visits only.</summary>
    [SupplyParameterFromQuery(Name = "overdue")] public bool? Overdue { get; set; }

    [Inject] private IKeyPersonService Persons { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject(Key = DomainClock.Key)] private TimeProvider Clock { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private IReadOnlyList<Contracts.Directory.Station> Stations => user is null ? []
        : [.. AccessPolicy.RegistersFor(user, Reference).Select(Reference.FindStation).OfType<Contracts.Directory.Station>()];

    /// <summary>Whether the user keeps a register they may add people to.</summary>
    private string? EditableStation => user is null ? null
        : Reference.Stations.FirstOrDefault(s => AccessPolicy.CanEditRegister(user, s.Id) && (stationId is null || s.Id == stationId))?.Id;

    private IEnumerable<KeyPersonSummary> InScope => (people?.All ?? []).Where(p => stationId is null || p.StationId == stationId);

    private VisitRate Rate => VisitRate.Of(InScope.Select(p => plan.GetValueOrDefault(p.Id)).OfType<VisitDue>());

    /// <summary>Overdue first, then by next due date; people not due this month last.</summary>
    private IEnumerable<RegisterRow> Rows => InScope
        .Where(Matches)
        .Select(p => new RegisterRow(p, plan.GetValueOrDefault(p.Id)))
        .Where(r => !overdueOnly || r.Due is { IsOverdue: true })
        .OrderBy(r => r.Due is null)
        .ThenByDescending(r => r.Due?.IsOverdue == true)
        .ThenBy(r => r.Due?.NextDueOn ?? DateOnly.MaxValue)
        .ThenBy(r => r.Person.Name, StringComparer.Ordinal);

    protected override async Task OnInitializedAsync()
    {
        var viewer = CurrentUser.From((await Authentication).User);
        if (viewer is null)
        {
            return;
        }
        user = viewer;
        stationId = Station ?? (viewer.Role == Contracts.Demands.ActorRole.StationHead ? viewer.StationId : null);
        overdueOnly = Overdue == true;
        Reference = await Demands.Reference();
        // Created once the directory is here, since it decides who belongs; a push from now on is kept, even one
        // arriving while the list loads.
        people = LiveSet.People(p => AccessPolicy.CanSeePerson(viewer, p.StationId, p.CommunityId, Reference));
        await LoadPeople();
    }

    private async Task LoadPeople()
    {
        foreach (var person in await Persons.List(user!))
        {
            people!.Apply(person);
        }
        RebuildPlan();
    }

    /// <summary>Upload (dry run, then import) or download the station's register; the list reloads after an import.</summary>
    private async Task ImportExport(string stationId)
    {
        var parameters = new DialogParameters<RegisterImportDialog> { { d => d.StationId, stationId }, { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<RegisterImportDialog>(T["ImportExport"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: true })
        {
            await LoadPeople();
        }
    }

    protected override Task OnKeyPersonChanged(KeyPersonSummary summary)
    {
        if (people?.Apply(summary) == true)
        {
            RebuildPlan();
            StateHasChanged();
        }
        return Task.CompletedTask;
    }

    protected override Task OnDemandChanged(Contracts.Demands.DemandSummary summary) => Task.CompletedTask;

    protected override void OnReferenceReloaded() => RebuildPlan();

    private void RebuildPlan()
    {
        today = ChinaCalendar.DateOf(Clock.GetUtcNow());
        plan = VisitPlan.Plan(people?.All ?? [], Reference, today, today).ToImmutableDictionary(d => d.PersonId);
    }

    private bool Matches(KeyPersonSummary person) =>
        string.IsNullOrWhiteSpace(search)
        || person.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
        || person.MaskedIdNumber.EndsWith(search.Trim(), StringComparison.OrdinalIgnoreCase)
        || Reference.CommunityName(person.CommunityId).Contains(search.Trim(), StringComparison.OrdinalIgnoreCase);

    private void ChooseStation(string? chosen) => stationId = chosen;

    private async Task AddPerson()
    {
        var parameters = new DialogParameters<PersonEditDialog> { { d => d.User, user }, { d => d.Reference, Reference } };
        var dialog = await Dialogs.ShowAsync<PersonEditDialog>(T["AddPerson"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: KeyPerson saved })
        {
            people?.Apply(saved.ToSummary());
            RebuildPlan();
            Snackbar.Add(T["Saved", saved.Details.Name], Severity.Success);
        }
    }
}
