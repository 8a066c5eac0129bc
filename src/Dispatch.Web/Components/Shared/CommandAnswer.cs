using Dispatch.Contracts.Demands;
using Dispatch.Web.Demands;
using Dispatch.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// What the service answered to a command, worded for the person who gave it: problems with a field the form shows go
/// next to that field; everything else is one message in the user's language. The server's own text (English) is kept
/// as the detail, since it names exactly what was wrong.
/// </summary>
public sealed record CommandAnswer(
    Demand? Demand, IReadOnlyDictionary<string, string> FieldProblems, string? Problem, string? Detail)
{
    public bool Succeeded => Demand is not null && FieldProblems.Count == 0 && Problem is null;

    /// <summary>The problem and the server's detail in one line, for places that show a single message (a snackbar).</summary>
    public string? Message => Detail is null ? Problem : $"{Problem} {Detail}";

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

        if (refusal is { Field: null })
        {
            return new CommandAnswer(null, shown, Describe(refusal, t, l), refusal.Message);
        }
        if (other.Count > 0)
        {
            return new CommandAnswer(null, shown, t["RefusedInvalid"], string.Join(" ", other.Select(p => $"{p.Key}: {p.Value}")));
        }
        if (result is null && errors is null)
        {
            return new CommandAnswer(null, shown, t["NoAnswer"], null);
        }
        return new CommandAnswer(result?.Demand, shown, null, null);
    }

    /// <summary>The service could not be reached or failed (storage or cluster down): nothing was changed.</summary>
    /// <summary>
    /// Sends a command and words its answer; a service that cannot be reached (storage or cluster down) becomes an
    /// answer too, so a form shows it instead of the circuit failing.
    /// </summary>
    public static async Task<CommandAnswer> Send(
        Func<Task<(DemandResult? Result, FieldErrors? Errors)>> send, IReadOnlySet<string> shownFields,
        IStringLocalizer<CommandAnswer> t, IStringLocalizer<SharedResource> l)
    {
        try
        {
            return Of(await send(), shownFields, t, l);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Unavailable(exception, l);
        }
    }

    public static CommandAnswer Unavailable(Exception exception, IStringLocalizer<SharedResource> l) =>
        new(null, new Dictionary<string, string>(), l["ErrorGeneric", exception.Message], null);

    private static string Describe(Refusal refusal, IStringLocalizer<CommandAnswer> t, IStringLocalizer<SharedResource> l) =>
        refusal.Kind switch
        {
            RefusalKind.InvalidState when refusal.CurrentState is { } state => t["RefusedState", l.Label(state),
                refusal.Allowed.IsDefaultOrEmpty ? "—" : string.Join(t["ListSeparator"], refusal.Allowed.Select(a => l.Label(a)))],
            RefusalKind.Forbidden => t["RefusedForbidden"],
            RefusalKind.NotFound => t["RefusedNotFound"],
            _ => t["RefusedInvalid"],
        };
}
