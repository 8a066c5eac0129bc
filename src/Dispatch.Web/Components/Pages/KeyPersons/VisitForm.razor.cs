using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Grains;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.KeyPersons;

public partial class VisitForm
{
    private readonly List<NeedRow> needs = [];
    private Dictionary<string, string> problems = [];
    private DateTime? on;
    private bool found = true;
    private string? observations;
    private string? refusal;
    private bool busy;

    [Parameter, EditorRequired] public string PersonId { get; set; } = default!;

    [Parameter, EditorRequired] public string PersonName { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    /// <summary>The visit is stored: the person as they are now.</summary>
    [Parameter] public EventCallback<KeyPerson> OnRecorded { get; set; }

    [Parameter] public EventCallback OnCancel { get; set; }

    [Inject] private IKeyPersonService Persons { get; set; } = default!;

    [Inject(Key = DomainClock.Key)] private TimeProvider Clock { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    private DateTime Today => ChinaCalendar.DateOf(Clock.GetUtcNow()).ToDateTime(TimeOnly.MinValue);

    protected override void OnInitialized() => on = Today;

    private bool Has(string field) => problems.ContainsKey(field);

    private string? Problem(string field) => problems.GetValueOrDefault(field);

    private void AddNeed() => needs.Add(new NeedRow());

    private async Task Submit()
    {
        refusal = null;
        var visit = new RecordVisit(
            DateOnly.FromDateTime(on ?? Today), found, observations ?? "",
            [.. needs.Select(n => new NeedFound(n.Description ?? "", n.ServiceType, n.Urgency))]);
        // needs[0].serviceType and the like cannot go wrong here: the pickers offer only defined values.
        problems = RegisterAnswer.FieldHints(KeyPersonRules.Check(visit, DateOnly.FromDateTime(Today)), T);
        if (problems.Count > 0)
        {
            return;
        }
        busy = true;
        (var person, refusal) = await RegisterAnswer.Send(() => Persons.RecordVisit(PersonId, visit, User), T["NotYourPerson"], T);
        busy = false;
        if (person is not null)
        {
            await OnRecorded.InvokeAsync(person);
        }
    }

    private sealed class NeedRow
    {
        public string? Description { get; set; }
        public ServiceType ServiceType { get; set; } = ServiceType.NeedsAssessment;
        public Urgency Urgency { get; set; } = Urgency.Normal;
    }
}
