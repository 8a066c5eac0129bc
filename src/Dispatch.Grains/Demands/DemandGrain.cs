using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Sla;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.Demands;

[GenerateSerializer]
public sealed class DemandGrainState
{
    [Id(0)] public Demand? Demand { get; set; }
}

/// <summary>
/// Owns one demand. A command is acknowledged only after its new state is written; the views (index shard, station,
/// worker) and the SLA reminder follow from the written state.
/// </summary>
[GrainType("demand")]
public sealed class DemandGrain(
    [PersistentState("demand")] IPersistentState<DemandGrainState> state,
    IDemandChangePublisher publisher,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    ILogger<DemandGrain> logger) : Grain, IDemandGrain, IRemindable
{
    public const string SlaReminderName = "sla";

    /// <summary>The reminder's repeat is only a safety net: every tick re-registers it for the next SLA step.</summary>
    private static readonly TimeSpan SlaReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The SLA step this activation last set the reminder for (<c>At</c> null: it dropped the reminder), and the
    /// reminder; null until it has. Not stored: a new activation checks the reminder table once, then knows.
    /// </summary>
    private SlaStep? reminderSetFor;
    private IGrainReminder? reminder;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A crash between our write and the views' update would leave a view stale; re-publishing on activation heals it.
        if (state.State.Demand is { } demand)
        {
            await publisher.Publish(null, demand);
        }
    }

    public Task<Demand?> Get() => Task.FromResult(state.State.Demand);

    public async Task<DemandResult> Execute(DemandCommand command, DispatchUser user)
    {
        var before = state.State.Demand;
        // Checked here, inside the grain's turn, so the demand cannot move to another station between check and change.
        if (AccessPolicy.RefuseToAct(user, command, before) is { } refusal)
        {
            return DemandResult.Refused(refusal);
        }
        var result = DemandStateMachine.Apply(before, this.GetPrimaryKeyString(), command, user.ToActor(), clock.GetUtcNow());
        if (result.Demand is not { } after)
        {
            return result;
        }
        await Save(before, after);
        try
        {
            await FollowSla(after);
        }
        catch (Exception exception)
        {
            // The command is stored and acknowledged; failing it now would invite a retry that doubles the event.
            // The SLA is followed again on the next command, reminder tick or activation.
            logger.LogWarning(exception, "SLA follow-up of demand {DemandId} failed after its change was stored", after.Id);
        }
        return DemandResult.Ok(state.State.Demand!);
    }

    public async Task<DemandResult> Import(Demand finished)
    {
        var id = this.GetPrimaryKeyString();
        if (state.State.Demand is { } existing)
        {
            return DemandResult.Refused(new Refusal(
                RefusalKind.InvalidState, $"Demand {id} already exists; only a new demand can be imported.",
                CurrentState: existing.State, Allowed: DemandStateMachine.AllowedActions(existing), LastEvent: existing.Timeline.LastOrDefault()));
        }
        if (finished.Id != id || finished.IsOpen)
        {
            // An open demand would need its SLA followed from a past it never lived through here.
            return DemandResult.Refused(new Refusal(
                RefusalKind.Invalid, $"Only a closed or cancelled demand with id {id} can be imported, not {finished.State} demand {finished.Id}."));
        }
        await Save(null, finished, isNews: false);
        return DemandResult.Ok(finished);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SlaReminderName && state.State.Demand is { } demand)
        {
            // A tick may come a little early; setting the reminder again keeps the next check on time.
            await FollowSla(demand, reminderTicked: true);
        }
    }

    /// <summary>Records any breach or escalation that is due, then sets the reminder for the next SLA step (or drops it).</summary>
    private async Task FollowSla(Demand demand, bool reminderTicked = false)
    {
        var targets = await GrainFactory.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).GetSla();
        var now = clock.GetUtcNow();
        var due = SlaPolicy.DueBreaches(demand, targets, now);
        if (due.Count > 0)
        {
            var flagged = DemandStateMachine.RecordBreaches(demand, due, now);
            await Save(demand, flagged);
            demand = flagged;
            logger.LogInformation("Demand {DemandId} breached SLA: {Breaches}", demand.Id, string.Join(", ", due));
        }

        var next = SlaPolicy.NextCheck(demand, targets, now);
        // Most commands leave the next SLA step where it was: the reminder already stands for it, and each reminder
        // call is a round trip to the reminder table (a blob write in production).
        if (!reminderTicked && reminderSetFor == new SlaStep(next))
        {
            return;
        }
        if (reminderSetFor is null)
        {
            reminder = await this.GetReminder(SlaReminderName);
        }
        if (next is null)
        {
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
                reminder = null;
            }
            reminderSetFor = new SlaStep(null);
            return;
        }
        var dueIn = next.Value - now;
        reminder = await this.RegisterOrUpdateReminder(SlaReminderName, dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, SlaReminderPeriod);
        reminderSetFor = new SlaStep(next);
    }

    /// <summary>
    /// Stores the change, then carries it to the views; one that is no news (an imported past) goes as the views' catch-up
    /// (the same version before and after), which the live screens skip: thousands of old orders are not a ticker's.
    /// </summary>
    private async Task Save(Demand? before, Demand after, bool isNews = true)
    {
        state.State.Demand = after;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: the caller is told so. ReloadAfterStorageFailure deactivates this grain, so the next call
            // starts from what storage holds even if the write landed after all.
            state.State.Demand = before;
            throw;
        }
        await publisher.Publish(isNews ? before : after, after);
    }

    private readonly record struct SlaStep(DateTimeOffset? At);
}
