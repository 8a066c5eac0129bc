using Dispatch.Web.DemoData;

namespace Dispatch.Web.Simulation;

/// <summary>Section <c>Dispatch:Simulator</c>: a live stream of demands walked through the flow, so every screen moves.</summary>
public sealed class SimulatorOptions
{
    public bool Enabled { get; set; }

    /// <summary>New demands reported per minute.</summary>
    public double DemandsPerMinute { get; set; } = 6;

    /// <summary>Mean pause between two steps of one demand; each pause is drawn between half and one and a half of it.</summary>
    public double StepDelaySeconds { get; set; } = 20;

    /// <summary>Demands reported at start so the screens are not empty.</summary>
    public int InitialDemands { get; set; } = 24;

    /// <summary>Most demands walked at once; new reports wait while this many are in flight.</summary>
    public int MaxInFlight { get; set; } = 300;

    /// <summary>Visits to key persons still due this month, per minute, across the city.</summary>
    public double VisitsPerMinute { get; set; } = 4;

    /// <summary>Seed of the random choices; the same seed walks the same way (timing aside).</summary>
    public int Seed { get; set; } = 20261122;
}

/// <summary>Section <c>Dispatch:DemoData</c>: load the Taicang-shaped dataset into an empty store.</summary>
public sealed class DemoDataOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Demo key persons registered per community (with their visits so far); 0 registers none.</summary>
    public int KeyPersonsPerCommunity { get; set; } = 8;

    /// <summary>
    /// Scales the demo SLA targets (1: DESIGN.md's). Below 1, deadlines pass in seconds, so a process on the real clock
    /// (a crash test, a demo) sees breaches and escalations happen.
    /// </summary>
    public double SlaScale { get; set; } = 1;

    /// <summary>
    /// Months of finished demands (<see cref="DemandHistory"/>) imported in the background when the demo data is loaded
    /// into a new store, so the wall's charts, trends and past reports have a past; 0 imports none.
    /// </summary>
    public int HistoryMonths { get; set; } = 12;

    /// <summary>Demands imported at once: enough to finish in minutes, few enough to leave the live screens responsive.</summary>
    public int HistoryParallelism { get; set; } = 8;
}
