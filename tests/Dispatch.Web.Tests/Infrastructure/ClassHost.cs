namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>
/// One host for all the tests of a class (an <c>IClassFixture</c>), made by the first test that asks, on the collection's
/// Azurite: for tests whose data is all their own (their own demands, sign-ins, requests), where a store of their own
/// would only cost a host start each.
/// </summary>
public sealed class ClassHost : IAsyncLifetime
{
    private readonly Lock gate = new();
    private DispatchAppFactory? app;

    /// <summary>The class's host; <paramref name="make"/> makes it on the first call (later calls get the same one).</summary>
    public DispatchAppFactory App(Func<DispatchAppFactory> make)
    {
        lock (gate)
        {
            return app ??= make();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
