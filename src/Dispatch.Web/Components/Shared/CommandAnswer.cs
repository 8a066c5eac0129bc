using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
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
    /// <param name="reference">Names the station or worker a winning change sent the order to; without it, their ids.</param>
    public static CommandAnswer Of(
        (DemandResult? Result, FieldErrors? Errors) outcome, IReadOnlySet<string> shownFields,
        IStringLocalizer<CommandAnswer> t, IStringLocalizer<SharedResource> l, ReferenceData? reference = null)
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
            return new CommandAnswer(null, shown, Describe(refusal, t, l, reference), refusal.Message);
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
        IStringLocalizer<CommandAnswer> t, IStringLocalizer<SharedResource> l, ReferenceData? reference = null)
    {
        try
        {
            return Of(await send(), shownFields, t, l, reference);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Unavailable(exception, l);
        }
    }

    public static CommandAnswer Unavailable(Exception exception, IStringLocalizer<SharedResource> l) =>
        new(null, new Dictionary<string, string>(), l["ErrorGeneric", exception.Message], null);

    private static string Describe(
        Refusal refusal, IStringLocalizer<CommandAnswer> t, IStringLocalizer<SharedResource> l, ReferenceData? reference) =>
        refusal.Kind switch
        {
            RefusalKind.InvalidState when refusal.CurrentState is { } state =>
                (refusal.Winner is { } winner ? $"{FirstThere(winner, t, l, reference)} " : "") +
                t["RefusedState", l.Label(state),
                    refusal.Allowed.IsDefaultOrEmpty ? "—" : string.Join(t["ListSeparator"], refusal.Allowed.Select(a => l.Label(a)))],
            RefusalKind.Forbidden => t["RefusedForbidden"],
            RefusalKind.NotFound => t["RefusedNotFound"],
            _ => t["RefusedInvalid"],
        };

    /// <summary>Who got there first, what they did and when (station time): what a command that lost a race lost to.</summary>
    private static string FirstThere(
        DemandEvent winner, IStringLocalizer<CommandAnswer> t, IStringLocalizer<SharedResource> l, ReferenceData? reference)
    {
        var target = winner.Kind switch
        {
            DemandEventKind.Dispatched when winner.StationId is { } station =>
                t["WinnerTarget", reference?.FindStation(station)?.Name ?? station].Value,
            DemandEventKind.Assigned when winner.WorkerId is { } worker =>
                t["WinnerTarget", reference?.FindWorker(worker)?.Name ?? worker].Value,
            _ => "",
        };
        return t["RefusedFirstThere", winner.Actor.Name, StationTime.Format(winner.At), l.Label(winner.Kind), target];
    }
}
