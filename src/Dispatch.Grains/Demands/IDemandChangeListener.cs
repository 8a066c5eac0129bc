using Dispatch.Contracts.Demands;

namespace Dispatch.Grains.Demands;

/// <summary>Told of every written demand change on this silo (the web host fans them out to its screens).</summary>
public interface IDemandChangeListener
{
    void OnDemandChanged(DemandChange change);
}
