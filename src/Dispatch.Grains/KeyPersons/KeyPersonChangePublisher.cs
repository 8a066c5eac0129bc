using Dispatch.Contracts.Grains;
using Dispatch.Contracts.Live;
using Dispatch.Grains.Live;
using Dispatch.Contracts.KeyPersons;
using Microsoft.Extensions.Logging;

namespace Dispatch.Grains.KeyPersons;

/// <summary>Carries a written key-person change to the registers that list the person.</summary>
public interface IKeyPersonChangePublisher
{
    Task Publish(KeyPerson? before, KeyPerson after);
}

/// <summary>
/// Updates the station register the person is in now and the one they left (a move to a community of another station),
/// then the live change log. The person is already durable when this runs, so a failing register is logged, not thrown:
/// the person's grain re-publishes on its next activation.
/// </summary>
public sealed class KeyPersonChangePublisher(IGrainFactory grains, ILogger<KeyPersonChangePublisher> logger) : IKeyPersonChangePublisher
{
    public async Task Publish(KeyPerson? before, KeyPerson after)
    {
        var summary = after.ToSummary();
        try
        {
            await Task.WhenAll(new[] { before?.StationId, after.StationId }.OfType<string>().Distinct()
                .Select(stationId => grains.GetGrain<IKeyPersonRegisterGrain>(stationId).Track(summary)));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Registers of key person {PersonId} v{Version} not updated; they heal on its next activation", after.Id, after.Version);
        }
        if (before?.Version != after.Version)
        {
            await LiveLog.Publish(grains, LiveChange.OfKeyPerson(summary, before?.StationId, after.StationId), logger);
        }
    }
}
