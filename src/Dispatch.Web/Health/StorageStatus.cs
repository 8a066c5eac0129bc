namespace Dispatch.Web.Health;

/// <summary>
/// Whether this host can save right now, as every screen shows it: one instance per host, set by the
/// <see cref="StorageMonitor"/>. Screens subscribe to <see cref="Changed"/> (pushed, never polled).
/// </summary>
public sealed class StorageStatus
{
    private volatile bool degraded;

    public bool Degraded => degraded;

    /// <summary>Raised once per change of <see cref="Degraded"/>; handlers must be quick and must not throw.</summary>
    public event Action? Changed;

    /// <summary>Sets the state; raises <see cref="Changed"/> only when it really changes. True when it did.</summary>
    public bool Set(bool isDegraded)
    {
        if (degraded == isDegraded)
        {
            return false;
        }
        degraded = isDegraded;
        Changed?.Invoke();
        return true;
    }
}
