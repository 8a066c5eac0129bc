using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Worker.StepForms;

/// <summary>The fields of one step's form: they edit the draft and show the problems found with it, by field name.</summary>
public abstract class StepFields : ComponentBase
{
    [Parameter, EditorRequired] public StepDraft Draft { get; set; } = default!;

    /// <summary>Problems by the state machine's field names (<c>form.needs[0].description</c>).</summary>
    [Parameter, EditorRequired] public IReadOnlyDictionary<string, string> Problems { get; set; } = default!;

    [Inject] protected IStringLocalizer<WorkerPage> T { get; set; } = default!;

    [Inject] protected IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected bool Has(string field) => Problems.ContainsKey(field);

    protected string? Problem(string field) => Problems.GetValueOrDefault(field);

    /// <summary>A problem with a list shown as one field (the goals, one per line): the list's own or any entry's.</summary>
    protected string? ProblemUnder(string list) =>
        Problems.FirstOrDefault(p => p.Key == list || p.Key.StartsWith($"{list}[", StringComparison.Ordinal)).Value;
}
