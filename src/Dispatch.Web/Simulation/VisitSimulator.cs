using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Grains;
using Dispatch.Web.Demands;
using Dispatch.Web.DemoData;
using Dispatch.Web.KeyPersons;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Simulation;

/// <summary>
/// Plays the stationed workers on their rounds: now and then the covering worker visits someone still due this month,
/// and now and then finds a need, which reaches the console as a demand. Visit rates on the wall climb as they would.
/// </summary>
public sealed class VisitSimulator(
    IKeyPersonService register, IDemandService demands, IOptions<SimulatorOptions> options, [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
    ILogger<VisitSimulator> logger) : BackgroundService
{
    private const int NeedFoundPercent = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.VisitsPerMinute <= 0)
        {
            return;
        }
        var random = new Random(settings.Seed + 1);
        var interval = TimeSpan.FromMinutes(1 / settings.VisitsPerMinute);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(interval * (0.5 + random.NextDouble()), stoppingToken);
            try
            {
                await VisitSomeoneDue(random);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Simulated visit failed");
            }
        }
    }

    private async Task VisitSomeoneDue(Random random)
    {
        var due = (await register.Plan(DispatchUser.System)).Where(d => !d.IsComplete && d.WorkerId is not null).ToList();
        if (due.Count == 0)
        {
            return;
        }
        var person = due[random.Next(due.Count)];
        var reference = await demands.Reference();
        var worker = reference.FindWorker(person.WorkerId!)!;
        var visitor = SimulatedCasework.WorkerUser(worker);
        var visit = KeyPersonDemoData.Visit(random, ChinaCalendar.DateOf(clock.GetUtcNow()), withNeed: random.Next(100) < NeedFoundPercent);
        var result = await register.RecordVisit(person.PersonId, visit, visitor);
        if (result.Refusal is { } refusal)
        {
            logger.LogInformation("Simulated visit to {PersonId} refused: {Reason}", person.PersonId, refusal.Message);
        }
    }
}
