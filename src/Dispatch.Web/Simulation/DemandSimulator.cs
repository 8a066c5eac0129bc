using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Web.Demands;
using Dispatch.Grains;
using Dispatch.Web.DemoData;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Simulation;

/// <summary>
/// Plays the city's people: reports demands at a steady rate and walks each through the flow with realistic pauses,
/// through the same <see cref="DemandService"/> the API uses. Some are returned and re-dispatched, some cancelled,
/// some left waiting long enough to go overdue; workers fill in each casework step's form, and now and then refer a
/// case to a department whose answer comes back, through the dispatcher or the worker, before the case closes.
/// </summary>
public sealed class DemandSimulator(
    IDemandService demands, IOptions<SimulatorOptions> options, ILogger<DemandSimulator> logger,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock)
    : BackgroundService
{
    private const double ReturnShare = 0.08;
    private const double LeftWaitingShare = 0.05;
    private const double CancelShare = 0.03;
    private const double CallbackShare = 0.8;
    private const double ReferShare = 0.15;

    private static readonly DispatchUser Dispatcher = SimulatedCasework.Dispatcher;

    private readonly SimulatorOptions settings = options.Value;
    private readonly Random master = new(options.Value.Seed);
    private readonly Lock masterLock = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }
        var reference = await demands.Reference();
        if (reference.IsEmpty)
        {
            logger.LogWarning("Simulator idle: the directory is empty (enable demo data or load stations and communities)");
            return;
        }
        logger.LogInformation("Simulator on: {Rate} demands per minute, ~{Delay}s between steps", settings.DemandsPerMinute, settings.StepDelaySeconds);

        using var inFlight = new SemaphoreSlim(settings.MaxInFlight);
        var interval = TimeSpan.FromMinutes(1 / Math.Max(settings.DemandsPerMinute, 0.01));
        for (var reported = 0; !stoppingToken.IsCancellationRequested; reported++)
        {
            await inFlight.WaitAsync(stoppingToken);
            var random = NextRandom();
            _ = Task.Run(async () =>
            {
                try
                {
                    await Walk(reference, random, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "Simulated demand stopped early");
                }
                finally
                {
                    inFlight.Release();
                }
            }, stoppingToken);
            if (reported >= settings.InitialDemands)
            {
                await Task.Delay(interval, stoppingToken);
            }
        }
    }

    private Random NextRandom()
    {
        lock (masterLock)
        {
            return new Random(master.Next());
        }
    }

    private async Task Walk(ReferenceData reference, Random random, CancellationToken cancel)
    {
        var community = Pick(random, reference.Communities);
        var category = Pick(random, reference.Categories);
        var serviceType = Pick(random, Enum.GetValues<ServiceType>());
        var urgency = random.NextDouble() switch { < 0.15 => Urgency.Urgent, < 0.7 => Urgency.Normal, _ => Urgency.Routine };
        var channel = Pick(random, Enum.GetValues<ReportChannel>());
        var person = DemoText.NextPerson(random);
        var reporter = DemoText.NextReporter(random, channel);
        var request = new ReportDemandRequest(
            community.Id, category.Id, serviceType, urgency, DemoText.NextDescription(random, category.Id, serviceType),
            new PersonRequest(person.Name, person.Phone, person.Address),
            new ReporterRequest(reporter.Name, reporter.Channel, reporter.Phone));
        var (reported, _) = await demands.Report(request, Dispatcher);
        if (reported?.Demand is not { } demand)
        {
            logger.LogWarning("Simulator could not report a demand: {Refusal}", reported?.Refusal?.Message);
            return;
        }
        var id = demand.Id;

        await Pause(random, urgency, cancel);
        if (random.NextDouble() < CancelShare)
        {
            await Do(id, new CancelDemand("求助人表示问题已自行解决，撤回求助。"), Dispatcher);
            return;
        }

        var station = await DispatchToBest(id, random, Dispatcher);
        if (station is null)
        {
            return;
        }
        if (random.NextDouble() < LeftWaitingShare)
        {
            return; // Left unaccepted: its SLA reminder will flag it overdue and escalate.
        }
        await Pause(random, urgency, cancel);
        if (random.NextDouble() < ReturnShare)
        {
            if (!await Do(id, SimulatedCasework.Return(random), SimulatedCasework.HeadOf(reference, station)))
            {
                return;
            }
            await Pause(random, urgency, cancel);
            station = await DispatchToBest(id, random, Dispatcher);
            if (station is null)
            {
                return;
            }
            await Pause(random, urgency, cancel);
        }
        var head = SimulatedCasework.HeadOf(reference, station);
        if (!await Do(id, new AcceptDemand("已接单，安排驻站社工跟进。"), head))
        {
            return;
        }

        await Pause(random, urgency, cancel);
        var recommendations = await demands.Recommend(id, head);
        if (recommendations?.Workers.FirstOrDefault() is not { } best || reference.FindWorker(best.WorkerId) is not { } worker)
        {
            return;
        }
        var workerActor = SimulatedCasework.WorkerUser(worker);
        if (!await Do(id, new AssignDemand(worker.Id), head))
        {
            return;
        }
        await Pause(random, urgency, cancel);
        if (!await Do(id, SimulatedCasework.Contact(random), workerActor))
        {
            return;
        }
        var risk = Pick(random, Enum.GetValues<RiskLevel>());
        var referred = false;
        foreach (var step in Enum.GetValues<CaseworkStep>())
        {
            await Pause(random, urgency, cancel);
            var form = SimulatedCasework.Form(step, serviceType, risk, FollowUpPolicy.ChinaDate(clock.GetUtcNow()), random);
            if (!await Do(id, new RecordStep(step, form), workerActor))
            {
                return;
            }
            if (step == CaseworkStep.Plan && random.NextDouble() < ReferShare)
            {
                if (!await Do(id, SimulatedCasework.Referral(random), workerActor))
                {
                    return;
                }
                referred = true;
            }
        }
        if (referred)
        {
            // The department's answer comes back through the center as often as through the worker.
            await Pause(random, urgency, cancel);
            if (!await Do(id, SimulatedCasework.Answer("R1", random), random.NextDouble() < 0.5 ? Dispatcher : workerActor))
            {
                return;
            }
        }
        await Pause(random, urgency, cancel);
        if (!await Do(id, new CloseDemand("服务目标达成，求助人问题已解决，结案。"), workerActor))
        {
            return;
        }
        if (random.NextDouble() < CallbackShare)
        {
            await Pause(random, urgency, cancel);
            await Do(id, SimulatedCasework.Callback(random), Dispatcher);
        }
    }

    private async Task<string?> DispatchToBest(string id, Random random, DispatchUser dispatcher)
    {
        var recommendations = await demands.Recommend(id, dispatcher);
        if (recommendations is null || recommendations.Stations.IsEmpty)
        {
            return null;
        }
        // Mostly the top recommendation; sometimes the dispatcher knows better.
        var choice = recommendations.Stations.Count > 1 && random.NextDouble() < 0.1 ? 1 : 0;
        var stationId = recommendations.Stations[choice].StationId;
        return await Do(id, new DispatchDemand(stationId), dispatcher) ? stationId : null;
    }

    private async Task<bool> Do(string id, DemandCommand command, DispatchUser actor)
    {
        var (result, errors) = await demands.Execute(id, command, actor);
        if (result?.Succeeded == true)
        {
            return true;
        }
        // Someone at a screen may have acted on this demand first: that is normal, the simulator just lets go.
        logger.LogDebug("Simulator stops walking {DemandId}: {Reason}", id,
            result?.Refusal?.Message ?? string.Join("; ", errors?.Errors.SelectMany(e => e.Value) ?? []));
        return false;
    }

    private Task Pause(Random random, Urgency urgency, CancellationToken cancel)
    {
        var scale = urgency == Urgency.Urgent ? 0.5 : 1.0;
        var seconds = settings.StepDelaySeconds * scale * (0.5 + random.NextDouble());
        return Task.Delay(TimeSpan.FromSeconds(seconds), cancel);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
