namespace Dispatch.Web.Cluster;

public enum ClusteringMode { Localhost, Redis }

/// <summary>
/// Section <c>Dispatch:Orleans</c>: how this host's silo joins its cluster. Every node of one cluster shares
/// <see cref="Clustering"/>, <see cref="Redis"/>, <see cref="ClusterId"/>, <see cref="ServiceId"/> and the storage; each
/// has its own ports and <see cref="AdvertisedAddress"/>.
/// </summary>
public sealed class ClusterOptionsSection
{
    public const string Name = "Dispatch:Orleans";

    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    /// <summary>The membership table's Redis (a StackExchange.Redis connection string, e.g. <c>10.0.0.5:6379</c>).</summary>
    public string? Redis { get; set; }

    public string ClusterId { get; set; } = "dispatch";

    /// <summary>Names the stored grain state and reminders: keep it across deployments.</summary>
    public string ServiceId { get; set; } = "dispatch";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address the other silos reach this one at (Redis clustering).</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Localhost clustering only: a second host on the same machine joins the silo on this port.</summary>
    public int? PrimarySiloPort { get; set; }
}
