using Dispatch.Contracts.Demands;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Station;

/// <summary>
/// What the service answered to a command from the station or worker page, worded for the person who gave it: problems
/// with a field the form shows go next to that field; everything else is one message in the user's language. The
/// server's own text (English) is kept as the detail, since it names exactly what was wrong.
/// </summary>
public sealed record CommandAnswer(Demand? Demand, IReadOnlyDictionary<string, string> FieldProblems, string? Problem)
{
    public bool Succeeded => Demand is not null && FieldProblems.Count == 0 && Problem is null;

    public string? ForField(string field) => FieldProblems.GetValueOrDefault(field);

    /// <param name="shownFields">The fields the form shows; a problem with any other field becomes the general message.</param>
    public static CommandAnswer Of(
        (DemandResult? Result, FieldErrors? Errors) outcome, IReadOnlySet<string> shownFields,
        IStringLocalizer<CommandAnswer> t, IStringLocalizer<SharedResource> l)
    {
        var (result, errors) = outcome;
        var byField = new Dictionary<string, string>();
        foreach (var (field, messages) in errors?.Errors ?? new Dictionary<string, string[]>())
        {
            byField[field] = string.Join(" ", messages);
        }
        var refusal = result?.Refusal;
        if (refusal is { Field: { } refusedField })
        {
            byField[refusedField] = refusal.Message;
        }
        var shown = byField
            .Where(p => shownFields.Contains(p.Key))
            .ToDictionary(p => p.Key, p => t["FieldRefused", p.Value].Value);
        var other = byField.Where(p => !shownFields.Contains(p.Key)).ToList();

        string? problem = refusal switch
        {
            { Field: null, Kind: RefusalKind.InvalidState, CurrentState: { } state } => t["RefusedState", l.Label(state)].Value,
            { Field: null, Kind: RefusalKind.Forbidden } => t["RefusedForbidden"].Value,
            { Field: null, Kind: RefusalKind.NotFound } => t["RefusedNotFound"].Value,
            { Field: null } => l["ErrorGeneric", refusal.Message].Value,
            _ when other.Count > 0 => l["ErrorGeneric", string.Join(" ", other.Select(p => $"{p.Key}: {p.Value}"))].Value,
            _ when result is null && errors is null => t["NoAnswer"].Value,
            _ => null,
        };
        return new CommandAnswer(result?.Demand, shown, problem);
    }
}
