using System.Collections.Immutable;
using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Grains;
using Dispatch.Web.Components.Pages.KeyPersons;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.KeyPersons;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Worker;

public partial class VisitRounds
{
    private LiveSet<KeyPersonSummary> people = default!;
    private ImmutableList<VisitDue> plan = [];
    private int daysLeft;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    /// <summary>The worker chose someone to record a visit for.</summary>
    [Parameter] public EventCallback<VisitDue> OnVisit { get; set; }

    [Inject] private IKeyPersonService Persons { get; set; } = default!;

    [Inject(Key = DomainClock.Key)] private TimeProvider Clock { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterPage> T { get; set; } = default!;

    private IReadOnlyList<VisitDue> Open => [.. plan.Where(d => !d.IsComplete)];

    protected override async Task OnInitializedAsync()
    {
        people = LiveSet.People(p => AccessPolicy.CanSeePerson(User, p.StationId, p.CommunityId, Reference));
        foreach (var person in await Persons.List(User))
        {
            people.Apply(person);
        }
        Replan();
    }

    /// <summary>A key person changed (a visit recorded, here or by a colleague): the rounds move with it.</summary>
    public void Apply(KeyPersonSummary summary)
    {
        if (people.Apply(summary))
        {
            Replan();
            StateHasChanged();
        }
    }

    private void Replan()
    {
        var today = ChinaCalendar.DateOf(Clock.GetUtcNow());
        plan = VisitPlan.Plan(people.All, Reference, today, today);
        daysLeft = VisitPlan.DaysLeft(today, today);
    }
}
