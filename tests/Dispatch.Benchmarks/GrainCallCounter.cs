using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dispatch.Benchmarks;

/// <summary>
/// Counts every grain call the silo serves inside the window, by grain interface: the commands, and what they cause
/// (views, the live log, storage and reminder grains). A call counts when it ends inside the window, as in
/// <see cref="MeasuringWindow"/>.
/// </summary>
public sealed class GrainCallCounter : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, long> calls = new();

    /// <summary>Set when the load starts; calls before are not counted.</summary>
    public MeasuringWindow? Window { get; set; }

    public IReadOnlyDictionary<string, long> Calls => calls;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await context.Invoke();
        if (Window?.Contains(Stopwatch.GetTimestamp()) == true)
        {
            calls.AddOrUpdate(context.InterfaceName, 1, static (_, n) => n + 1);
        }
    }
}
