namespace Dispatch.Web.Live;

/// <summary>
/// What a subscriber holds to stop listening: disposing it runs <paramref name="unsubscribe"/> once, however often it is
/// disposed.
/// </summary>
public sealed class Subscription(Action unsubscribe) : IDisposable
{
    private int disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            unsubscribe();
        }
    }
}
