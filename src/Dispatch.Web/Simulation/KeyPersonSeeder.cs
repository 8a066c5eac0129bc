using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Grains;
using Dispatch.Web.DemoData;
using Dispatch.Web.KeyPersons;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Simulation;

/// <summary>
/// Registers the demo key persons, with their visits so far, in the background once the demo directory is loaded: the
/// screens fill as they arrive. A person already registered is left alone, so a restart never doubles visits.
/// </summary>
public sealed class KeyPersonSeeder(
    IGrainFactory grains, IKeyPersonService register, IOptions<DemoDataOptions> options,
    [FromKeyedServices(DomainClock.Key)] TimeProvider clock, ILogger<KeyPersonSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || options.Value.KeyPersonsPerCommunity <= 0)
        {
            return;
        }
        var city = await grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).Get();
        if (city.IsEmpty)
        {
            return;
        }
        var people = KeyPersonDemoData.Create(city, options.Value.KeyPersonsPerCommunity, ChinaCalendar.DateOf(clock.GetUtcNow()), seed: 20261122);
        var added = 0;
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken }, async (person, _) =>
        {
            var saved = await register.Save(person.Details, DispatchUser.System);
            // Only a person registered just now gets the demo visits; one found already registered has them.
            if (saved.Person is not { History.Count: 1, Visits.IsEmpty: true } fresh || person.WorkerId is null)
            {
                return;
            }
            var worker = city.FindWorker(person.WorkerId)!;
            var visitor = SimulatedCasework.WorkerUser(worker);
            foreach (var visit in person.Visits)
            {
                await register.RecordVisit(fresh.Id, visit, visitor);
            }
            Interlocked.Increment(ref added);
        });
        logger.LogInformation("Demo key persons: {Added} of {Count} registered now with their visits", added, people.Count);
    }
}
