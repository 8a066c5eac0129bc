using System.Net;
using System.Net.Sockets;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Grains;
using Dispatch.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dispatch.Benchmarks;

/// <summary>Full demand lifecycles per second and latency per call, counted in calls into demand grains.</summary>
public sealed record GrainThroughputResult(
    int Concurrency,
    double MeasuredSeconds,
    int CallsPerLifecycle,
    long Lifecycles,
    double LifecyclesPerSecond,
    long Calls,
    double CallsPerSecond,
    LatencySummary PerCall,
    IReadOnlyList<LabelledLatency> PerCommand,
    long AllGrainCalls,
    double AllGrainCallsPerSecond,
    IReadOnlyList<GrainCalls> AllGrainCallsByInterface);

/// <summary>Calls served by one grain interface in the window, and how many that is per lifecycle.</summary>
public sealed record GrainCalls(string Interface, long Calls, double PerLifecycle);

/// <summary>
/// Drives whole order flows through a silo configured as the web host configures its own (localhost clustering,
/// the dispatch grains, the views they publish to, a durable-style SLA reminder per open demand), with memory storage
/// and in-memory reminders in place of Blob storage, so what is measured is the grains and Orleans, not the network.
/// The caller is co-hosted with the silo, as the web host's API and screens are.
/// </summary>
public static class GrainThroughputBenchmark
{
    public const string Name = "grain-throughput";
    public const int DefaultConcurrency = 64;

    public static async Task<GrainThroughputResult> Run(BenchmarkOptions options)
    {
        var counter = new GrainCallCounter();
        using var host = BuildSilo(counter);
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<ICityDirectoryGrain>(ICityDirectoryGrain.Key).SeedIfEmpty(BenchmarkCity.Data);

            var run = Guid.NewGuid().ToString("N")[..8];
            long orders = 0;
            counter.Window = new MeasuringWindow(options.WarmUp, options.Measured);
            var tally = await LoadRun.Run(options.Concurrency, counter.Window, async (_, timer) =>
            {
                var order = Interlocked.Increment(ref orders);
                var demand = grains.GetGrain<IDemandGrain>($"bench-{run}-{order}");
                foreach (var (command, by) in BenchmarkCity.Lifecycle(BenchmarkCity.PartiesOf(order), DateTimeOffset.UtcNow))
                {
                    if (timer.Window.IsOver)
                    {
                        return;
                    }
                    var result = await timer.Time(command.Action.ToString(), () => demand.Execute(command, by));
                    if (!result.Succeeded)
                    {
                        // A refused step means the benchmark no longer drives the flow it claims to: stop, do not count it.
                        throw new InvalidOperationException($"{command.Action} refused on order {order}: {result.Refusal?.Kind} {result.Refusal?.Message}");
                    }
                }
                timer.UnitDone();
            });

            return new GrainThroughputResult(
                options.Concurrency,
                tally.Measured.TotalSeconds,
                BenchmarkCity.CallsPerLifecycle,
                tally.Units,
                tally.UnitsPerSecond,
                tally.Calls,
                tally.CallsPerSecond,
                tally.Latency,
                // The labels are actions; their declaration order is the order flow's.
                [.. tally.LatencyByLabel.OrderBy(l => Enum.Parse<DemandAction>(l.Label))],
                counter.Calls.Values.Sum(),
                counter.Calls.Values.Sum() / tally.Measured.TotalSeconds,
                [.. counter.Calls.OrderByDescending(c => c.Value)
                    .Select(c => new GrainCalls(c.Key, c.Value, tally.Units == 0 ? 0 : (double)c.Value / tally.Units))]);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static IHost BuildSilo(GrainCallCounter counter)
    {
        var builder = Host.CreateApplicationBuilder();
        // Console logging would measure the terminal; the grains still log as they run, to no provider.
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            // Free ports, so a run never collides with a Dispatch (or another run) on the default 11111/30000.
            silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort());
            silo.AddMemoryGrainStorageAsDefault(memory => memory.GrainStorageSerializer = new ProductJsonStorageSerializer());
            silo.UseInMemoryReminderService();
            silo.AddIncomingGrainCallFilter(counter);
        });
        builder.Services.AddDispatchGrains();
        return builder.Build();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
