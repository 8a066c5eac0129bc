using Dispatch.Testing;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>
/// A test class with a client for a host on the shared Azurite: each test's own host (fresh containers), or with
/// <paramref name="shared"/> the class's one host (a class fixture's), for classes whose tests each use only data of
/// their own or only read.
/// </summary>
[Collection(WebCollection.Name)]
public abstract class ApiTest(AzuriteFixture azurite, DispatchAppFactory? shared = null) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected DispatchAppFactory App { get; } = shared ?? new(azurite);

    protected DemandApi Api { get; private set; } = null!;

    /// <summary>Signed in as whoever the flow gives each action to (see <see cref="DemandApi"/>).</summary>
    public virtual async Task InitializeAsync() => Api = await DemandApi.For(App);

    /// <summary>A test's own host goes with it; the class's one goes with the class fixture that made it.</summary>
    public Task DisposeAsync() => shared is null ? App.DisposeAsync().AsTask() : Task.CompletedTask;
}
