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
using MudBlazor;

namespace Dispatch.Web.Components.Pages.KeyPersons;

public partial class PersonEditDialog
{
    private PersonForm form = default!;
    private Dictionary<string, string> problems = [];
    private string? refusal;
    private bool busy;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Parameter, EditorRequired] public ReferenceData Reference { get; set; } = default!;

    /// <summary>The entry to change; null registers a new person.</summary>
    [Parameter] public KeyPersonDetails? Existing { get; set; }

    [Inject] private IKeyPersonService Persons { get; set; } = default!;

    [Inject(Key = DomainClock.Key)] private TimeProvider Clock { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    /// <summary>Communities of the stations whose register the user keeps.</summary>
    private IEnumerable<Community> Communities => Reference.Communities.Where(c => AccessPolicy.CanEditRegister(User, c.StationId));

    protected override void OnInitialized()
    {
        form = new PersonForm(ChinaCalendar.DateOf(Clock.GetUtcNow()).ToDateTime(TimeOnly.MinValue));
        if (Existing is { } existing)
        {
            form.Load(existing);
        }
    }

    private bool Has(string field) => problems.ContainsKey(field);

    private string? Problem(string field) => problems.GetValueOrDefault(field);

    private async Task Save()
    {
        refusal = null;
        var details = form.ToDetails();
        // Field by field, in the user's language: what the field needs. The rules' own (English) text is the API's.
        problems = RegisterAnswer.FieldHints(KeyPersonRules.Check(details, Reference), T);
        if (problems.Count > 0)
        {
            return;
        }
        busy = true;
        (var saved, refusal) = await RegisterAnswer.Send(() => Persons.Save(details, User), T["NotYourRegister"], T);
        busy = false;
        if (saved is not null)
        {
            Dialog.Close(DialogResult.Ok(saved));
        }
    }

    private void Cancel() => Dialog.Cancel();

    /// <summary>The dialog's editable copy of an entry (MudBlazor's pickers bind to DateTime?).</summary>
    private sealed class PersonForm(DateTime today)
    {
        public string? Name { get; set; }
        public string? IdNumber { get; set; }
        public string? Phone { get; set; }
        public string? CommunityId { get; set; }
        public RiskLevel? RiskLevel { get; set; }
        public string? Notes { get; set; }
        public List<CategoryRow> Categories { get; } = [new() { Since = today }];

        public void AddCategory() => Categories.Add(new CategoryRow { Since = today });

        public void Load(KeyPersonDetails details)
        {
            (Name, IdNumber, Phone, CommunityId, RiskLevel, Notes) =
                (details.Name, details.IdNumber, details.Phone, details.CommunityId, details.RiskLevel, details.Notes);
            Categories.Clear();
            Categories.AddRange(details.Categories.Select(c => new CategoryRow
            {
                CategoryId = c.CategoryId,
                Since = c.Since.ToDateTime(TimeOnly.MinValue),
                Until = c.Until?.ToDateTime(TimeOnly.MinValue),
            }));
        }

        public KeyPersonDetails ToDetails() => new(
            Name ?? "", IdNumber ?? "", Phone, CommunityId ?? "",
            [.. Categories.Where(c => c.CategoryId is not null).Select(c => new CategoryMembership(
                c.CategoryId!,
                DateOnly.FromDateTime(c.Since ?? today),
                c.Until is { } until ? DateOnly.FromDateTime(until) : null))],
            RiskLevel, Notes);
    }

    private sealed class CategoryRow
    {
        public string? CategoryId { get; set; }
        public DateTime? Since { get; set; }
        public DateTime? Until { get; set; }
    }
}
