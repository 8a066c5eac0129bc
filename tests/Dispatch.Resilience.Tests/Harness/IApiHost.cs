namespace Dispatch.Resilience.Tests.Harness;

/// <summary>Where the clients reach Dispatch's API: one node of a test cluster, or the whole system as run.sh starts it.</summary>
public interface IApiHost
{
    /// <summary>Names the host in messages and in the acknowledged history.</summary>
    string Name { get; }

    Uri Root { get; }
}
