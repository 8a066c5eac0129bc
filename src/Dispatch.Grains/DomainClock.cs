namespace Dispatch.Grains;

/// <summary>
/// The domain's clock is a keyed <see cref="TimeProvider"/>: Orleans drives its own runtime from the default one, so a
/// test that controls domain time (report at 09:00, accept at 09:12) must not stop the silo's clock with it.
/// </summary>
public static class DomainClock
{
    public const string Key = "Dispatch.Domain";
}
