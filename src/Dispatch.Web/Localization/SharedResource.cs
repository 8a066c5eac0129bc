namespace Dispatch.Web.Localization;

/// <summary>Marker for the strings every screen shares: app chrome, domain labels, common words.</summary>
public sealed class SharedResource;
