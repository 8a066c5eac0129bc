using Dispatch.Contracts.Demands;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>
/// What the service answered to a command, worded for the console: problems tied to a field the form shows go next to
/// that field; everything else is one message in the user's language, with the server's own text as detail.
/// </summary>
public sealed record ServerAnswer(IReadOnlyDictionary<string, string> FieldProblems, string? Problem, string? Detail)
{
    public bool Succeeded => FieldProblems.Count == 0 && Problem is null;

    public string? ForField(string field) => FieldProblems.GetValueOrDefault(field);

    /// <param name="shownFields">The fields the form shows; a problem with any other field becomes the general message.</param>
    public static ServerAnswer Of(
        DemandResult? result, FieldErrors? errors, IReadOnlySet<string> shownFields,
        IStringLocalizer<ConsolePage> t, IStringLocalizer<SharedResource> l)
    {
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
        var shown = byField.Where(p => shownFields.Contains(p.Key)).ToDictionary(p => p.Key, p => (string)t["FieldRefused", p.Value]);
        var other = byField.Where(p => !shownFields.Contains(p.Key)).ToList();

        if (refusal is not null && refusal.Field is null)
        {
            return new ServerAnswer(shown, Describe(refusal, t, l), refusal.Message);
        }
        if (other.Count > 0)
        {
            return new ServerAnswer(shown, t["RefusedInvalid"], string.Join(" ", other.Select(p => $"{p.Key}: {p.Value}")));
        }
        if (result is null && errors is null)
        {
            return new ServerAnswer(shown, t["NoAnswer"], null);
        }
        return new ServerAnswer(shown, null, null);
    }

    /// <summary>The service could not be reached or failed (storage or cluster down): nothing was changed.</summary>
    public static ServerAnswer Unavailable(Exception exception, IStringLocalizer<SharedResource> l) =>
        new(new Dictionary<string, string>(), l["ErrorGeneric", exception.Message], null);

    private static string Describe(Refusal refusal, IStringLocalizer<ConsolePage> t, IStringLocalizer<SharedResource> l) =>
        refusal.Kind switch
        {
            RefusalKind.InvalidState when refusal.CurrentState is { } state => t["RefusedState", l.Label(state),
                refusal.Allowed.IsDefaultOrEmpty ? "—" : string.Join(t["ListSeparator"], refusal.Allowed.Select(a => l.Label(a)))],
            RefusalKind.Forbidden => t["RefusedForbidden"],
            RefusalKind.NotFound => t["RefusedNotFound"],
            _ => t["RefusedInvalid"],
        };
}
