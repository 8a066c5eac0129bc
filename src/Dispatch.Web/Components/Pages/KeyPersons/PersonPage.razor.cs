using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Grains;
using Dispatch.Web.Accounts;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.KeyPersons;

public partial class PersonPage
{
    private DispatchUser? user;
    private KeyPersonView? view;
    private VisitDue? due;
    private bool loaded;
    private bool recording;

    [Parameter] public string PersonId { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private IKeyPersonService Persons { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject(Key = DomainClock.Key)] private TimeProvider Clock { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    /// <summary>Changing the entry needs the full id number too, which only those who keep the register see.</summary>
    private bool CanEdit => user is not null && view is { IdNumberShown: true } && AccessPolicy.CanEditRegister(user, view.Person.StationId);

    private bool CanVisit => user is not null && view is not null && AccessPolicy.CanRecordVisit(user, view.Person.Details.CommunityId, Reference);

    protected override async Task OnParametersSetAsync()
    {
        user ??= CurrentUser.From((await Authentication).User);
        Reference = await Demands.Reference();
        await Load();
    }

    protected override Task OnKeyPersonChanged(KeyPersonSummary summary) =>
        summary.Id == PersonId && summary.Version != view?.Person.Version ? Reload() : Task.CompletedTask;

    protected override Task OnDemandChanged(DemandSummary summary) =>
        summary.KeyPersonId == PersonId ? Reload() : Task.CompletedTask;

    private async Task Reload()
    {
        await Load();
        StateHasChanged();
    }

    private async Task Load()
    {
        view = await Persons.Get(PersonId, user!);
        loaded = true;
        var today = ChinaCalendar.DateOf(Clock.GetUtcNow());
        due = view is null ? null : VisitPlan.Due(view.Person.ToSummary(), Reference, today, today);
    }

    /// <summary>
    /// A register change in the user's language: the entry stores it as "registered" or "changed: name, phone, …" (see
    /// <see cref="KeyPersonRules.Save"/>); anything else shows as stored.
    /// </summary>
    private string Describe(string what) => what switch
    {
        "registered" => T["Registered"],
        _ when what.StartsWith("changed: ", StringComparison.Ordinal) => T["Changed", string.Join(T["ListSeparator"],
            what["changed: ".Length..].Split(", ").Select(field => T[$"Field.{field.Replace(' ', '-')}"].Value))],
        _ => what,
    };

    private async Task VisitRecorded(KeyPerson person)
    {
        recording = false;
        var needs = person.Visits[^1].Needs.Count;
        Snackbar.Add(needs == 0 ? T["VisitRecorded"] : T["VisitRecordedWithNeeds", needs], Severity.Success);
        await Load();
    }

    private async Task Edit()
    {
        var parameters = new DialogParameters<PersonEditDialog>
        {
            { d => d.User, user }, { d => d.Reference, Reference }, { d => d.Existing, view!.Person.Details },
        };
        var dialog = await Dialogs.ShowAsync<PersonEditDialog>(T["Edit"], parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: KeyPerson saved })
        {
            Snackbar.Add(T["Saved", saved.Details.Name], Severity.Success);
            await Load();
        }
    }
}
