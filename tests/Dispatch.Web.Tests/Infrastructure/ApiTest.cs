using Dispatch.Testing;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>A test class with its own host (fresh containers) on the shared Azurite, and a client for it.</summary>
[Collection(WebCollection.Name)]
public abstract class ApiTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected DispatchAppFactory App { get; } = new(azurite);

    protected DemandApi Api { get; private set; } = null!;

    /// <summary>Signed in as whoever the flow gives each action to (see <see cref="DemandApi"/>).</summary>
    public virtual async Task InitializeAsync() => Api = await DemandApi.For(App);

    public Task DisposeAsync() => App.DisposeAsync().AsTask();
}
