using System.Collections.Immutable;
using System.Text.Json;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Kpis;
using Dispatch.Contracts.Sla;
using Dispatch.Contracts.Tests.Demands;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Dispatch.Contracts.Tests.Kpis;

/// <summary>
/// The kept figures (<see cref="KpiLedger"/>, <see cref="KpiNow"/>, <see cref="LedgerKpis"/>) against the oracle that scans
/// every order (<see cref="KpiCalculator"/>, <see cref="KpiSeries"/>), over random histories walked through the real
/// state machine. A failure names its seed: <c>HistoryOf(seed)</c> rebuilds that history.
/// </summary>
public sealed class KpiLedgerTests
{
    private const int Seeds = 150;

    private static readonly TimeZoneInfo ChinaTime = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>
    /// Friday 30 October 2026, 09:00 in Taicang: the first report may come then. Histories run four days, across the end
    /// of the month, so open windows and coarsened ledgers take whole months.
    /// </summary>
    private static readonly DateTimeOffset T0 = new(2026, 10, 30, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Stations the reference knows; "st-gone" is dispatched to but no longer listed, so counts for the city only.</summary>
    private static readonly string[] Stations = ["st-cx", "st-ll", "st-sx", "st-gone"];

    private static readonly ReferenceData Reference = new(
        [
            new Community("cm-xinhua", "新华社区", "st-cx", CommunityKind.Community),
            new Community("cm-dongjiao", "东郊村", "st-ll", CommunityKind.Village),
            new Community("cm-nanjiao", "南郊村", "st-sx", CommunityKind.Village),
        ],
        [
            new Station("st-cx", "城厢镇社工站", "陈站长", "0512-1", "Asia/Shanghai"),
            new Station("st-ll", "浏河镇社工站", "刘站长", "0512-2", "Asia/Shanghai"),
            new Station("st-sx", "沙溪镇社工站", "沈站长", "0512-3", "Asia/Shanghai"),
        ],
        [
            new SocialWorker("sw-li", "李社工", "st-cx", Certification.Intermediate, ["cm-xinhua", "cm-dongjiao"], "1"),
            new SocialWorker("sw-wang", "王社工", "st-ll", Certification.Assistant, ["cm-dongjiao"], "2"),
            new SocialWorker("sw-zhao", "赵社工", "st-sx", Certification.None, ["cm-nanjiao"], "3", IsActive: false),
        ],
        [],
        SlaTargets.Default);

    private static readonly string[] Workers = ["sw-li", "sw-wang", "sw-zhao", "sw-left"];
    private static readonly string[] Categories = ["cat-dibao", "cat-elderly-alone", "cat-disabled"];

    /// <summary>An order's versions in the order a grain sees them, the last one each order's final summary.</summary>
    private sealed record History(
        ReferenceData Reference, DateTimeOffset Now, IReadOnlyList<(DemandSummary? Before, DemandSummary After)> Changes,
        IReadOnlyList<DemandSummary> Final)
    {
        public List<DemandSummary> Open => [.. Final.Where(d => d.IsOpen)];

        public KpiLedger Ledger() => LedgerOf(Changes);

        /// <summary>
        /// The history split over <paramref name="count"/> index shards by order, as the grains hold it: each shard's ledger
        /// and open orders. The report is their answers added up.
        /// </summary>
        public IReadOnlyList<(KpiLedger Ledger, List<DemandSummary> Open)> Shards(int count) =>
        [
            .. Enumerable.Range(0, count).Select(shard => (
                LedgerOf(Changes.Where(c => ShardOf(c.After, count) == shard)),
                Open.Where(d => ShardOf(d, count) == shard).ToList())),
        ];

        /// <summary>What <c>DemandService.Kpis</c> asks of the shards for <paramref name="rows"/> in a scope, and the report it makes.</summary>
        public KpiReport Report(KpiRows rows, string? scope, DateTimeOffset? from, DateTimeOffset? to, int shards = 3)
        {
            var stations = rows.StationsOf(Reference);
            var query = new KpiQuery(Reference.Sla, Now, from, to, scope, [.. stations.Select(s => s.Id)]);
            var figures = KpiShardFigures.Merge([.. Shards(shards).Select(s => LedgerKpis.ShardFigures(s.Ledger, s.Open, query))]);
            return LedgerKpis.Report(figures, Reference, stations, rows.WorkersOf(Reference), Now, from, to);
        }

        private static int ShardOf(DemandSummary demand, int count) => int.Parse(demand.Id["dm-".Length..]) % count;

        private KpiLedger LedgerOf(IEnumerable<(DemandSummary? Before, DemandSummary After)> changes)
        {
            var ledger = new KpiLedger(Reference.Sla);
            foreach (var (before, after) in changes)
            {
                ledger.Apply(before, after);
            }
            return ledger;
        }
    }

    [Fact]
    public void The_ledger_gives_the_calculators_report_for_any_history_window_and_station()
    {
        ForEachSeed(seed =>
        {
            var history = HistoryOf(seed);
            var ledger = history.Ledger();
            var random = new Random(seed);
            foreach (var (from, to) in Windows(random))
            {
                var expected = KpiCalculator.Compute(history.Final, history.Reference, history.Now, from, to);
                var actual = history.Report(KpiRows.All, null, from, to);

                var window = $"window [{from:u}, {to:u})";
                AssertSameFigures(expected.Overall, actual.Overall, $"{window}, city");
                AssertSameFigures(expected.Overall, ledger.Window(null, from, to).Figures(KpiNow.Of(history.Open, history.Reference.Sla, history.Now, from, to)),
                    $"{window}, the city's own buckets");
                Assert.Equal(expected.Stations.Select(s => (s.StationId, s.StationName)), actual.Stations.Select(s => (s.StationId, s.StationName)));
                foreach (var (e, a) in expected.Stations.Zip(actual.Stations))
                {
                    AssertSameFigures(e.Figures, a.Figures, $"{window}, {e.StationId}");
                }
                Assert.Equal(Json(expected with { Overall = null!, Stations = [] }), Json(actual with { Overall = null!, Stations = [] }));
            }
        });
    }

    [Fact]
    public void Asking_for_no_rows_gives_the_same_overall_figures_and_coverage_with_no_station_tallied()
    {
        ForEachSeed(seed =>
        {
            var history = HistoryOf(seed);
            foreach (var (from, to) in Windows(new Random(seed)))
            {
                var everything = history.Report(KpiRows.All, null, from, to);
                var overall = history.Report(KpiRows.None, null, from, to);

                Assert.Empty(overall.Stations);
                Assert.Empty(overall.WorkerLoad);
                Assert.Equal(Json(everything with { Stations = [], WorkerLoad = [] }), Json(overall));
                var query = new KpiQuery(history.Reference.Sla, history.Now, from, to, null, []);
                Assert.All(history.Shards(3), shard =>
                {
                    var answer = LedgerKpis.ShardFigures(shard.Ledger, shard.Open, query);
                    Assert.Empty(answer.Tallies);
                    Assert.Empty(answer.Now);
                });
            }
        });
    }

    [Fact]
    public void A_page_of_rows_is_that_slice_of_every_row_in_the_directorys_order_and_a_station_head_sees_their_own()
    {
        ForEachSeed(seed =>
        {
            var history = HistoryOf(seed);
            var random = new Random(seed);
            foreach (var (from, to) in Windows(random))
            {
                var everything = history.Report(KpiRows.All, null, from, to);
                var (offset, limit) = (random.Next(4), random.Next(1, 3));
                var page = history.Report(new KpiRows(new KpiRange(offset, limit), new KpiRange(offset, limit)), null, from, to);
                Assert.Equal(Json(everything.Stations.Skip(offset).Take(limit)), Json(page.Stations));
                Assert.Equal(Json(everything.WorkerLoad.Skip(offset).Take(limit)), Json(page.WorkerLoad));
                Assert.Equal(Json(everything.Overall), Json(page.Overall));

                // A head's overall figures are their station's row of the city's report.
                var head = history.Report(KpiRows.Station("st-cx"), "st-cx", from, to);
                var own = Assert.Single(head.Stations);
                Assert.Equal(Json(everything.Stations.Single(s => s.StationId == "st-cx")), Json(own));
                Assert.Equal(Json(own.Figures), Json(head.Overall));
            }
        });
    }

    [Fact]
    public void The_ledger_gives_the_series_of_the_wall_for_any_history()
    {
        ForEachSeed(seed =>
        {
            var history = HistoryOf(seed);
            var ledger = history.Ledger();
            foreach (var (size, count) in new[] { (KpiSeries.Hour, 24), (KpiSeries.Day, 30) })
            {
                var expected = KpiSeries.Compute(history.Final, history.Reference.Sla, history.Now, size, count, ChinaTime);
                var actual = LedgerKpis.Series(size, LedgerKpis.SeriesParts(ledger, history.Open, history.Now, size, count, ChinaTime));
                Assert.Equal(Json(expected), Json(actual));
            }
        });
    }

    [Fact]
    public void Taking_an_order_away_is_the_exact_inverse_of_adding_it_in_any_order_and_scope()
    {
        ForEachSeed(seed =>
        {
            var random = new Random(seed);
            var history = HistoryOf(seed);
            var versions = history.Changes.Select(c => c.After).ToList();
            var kept = versions.Where(_ => random.Next(2) == 0).ToList();
            var passing = versions.Except(kept).ToList();
            foreach (var scope in Stations.Append(null))
            {
                var expected = new KpiTally();
                kept.ForEach(d => expected.Add(d, scope, history.Reference.Sla));
                var actual = new KpiTally();
                foreach (var d in Shuffled(kept.Concat(passing), random))
                {
                    actual.Add(d, scope, history.Reference.Sla);
                }
                Shuffled(passing, random).ForEach(d => actual.Remove(d, scope, history.Reference.Sla));

                Assert.Equal(expected, actual);
                Assert.Equal(Json(expected.Figures(new KpiNow())), Json(actual.Figures(new KpiNow())));
            }
        });
    }

    [Fact]
    public void A_ledger_whose_orders_are_all_taken_away_holds_nothing()
    {
        ForEachSeed(seed =>
        {
            var history = HistoryOf(seed);
            var ledger = history.Ledger();
            // A grain that sees the same version twice applies it as an unchanged order.
            foreach (var demand in history.Final)
            {
                ledger.Apply(demand, demand);
            }
            Assert.Equal(history.Ledger().Window(null, null, null), ledger.Window(null, null, null));

            foreach (var demand in history.Final)
            {
                ledger.Apply(demand, null);
            }
            Assert.All(Stations.Append(null), station => Assert.True(ledger.Window(station, null, null).IsEmpty));
        });
    }

    [Fact]
    public void Duration_percentiles_are_within_one_unit_of_the_exact_ones_negative_durations_included()
    {
        ForEachSeed(seed =>
        {
            var random = new Random(seed);
            // Durations as dispatch times of summaries, so the oracle is the calculator's own Stats.
            var demands = Enumerable.Range(0, random.Next(1, 200))
                .Select(i => Summary(T0, T0 + Duration(random) * (random.Next(8) == 0 ? -1 : 1)))
                .ToList();
            var tally = new DurationTally();
            demands.ForEach(d => tally.Add(d.FirstDispatchedAt!.Value - d.ReportedAt, 1));

            var expected = KpiCalculator.Stats(demands, d => d.FirstDispatchedAt - d.ReportedAt);
            var actual = tally.Stats();
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Mean, actual.Mean);
            AssertWithin(expected.Median, actual.Median, "median");
            AssertWithin(expected.P90, actual.P90, "p90");
        });
    }

    [Theory]
    [InlineData("00:00:42")]
    [InlineData("00:05:00")]
    [InlineData("00:59:59")]
    [InlineData("03:00:00")]
    [InlineData("23:59:00")]
    [InlineData("2.04:10:00")]
    [InlineData("45.07:00:00")]
    public void A_duration_in_whole_units_of_its_range_reads_exactly(string duration)
    {
        var tally = new DurationTally();
        tally.Add(TimeSpan.Parse(duration), 1);
        tally.Add(TimeSpan.Parse(duration), 1);
        tally.Add(-TimeSpan.Parse(duration), 1);

        var stats = tally.Stats();
        Assert.Equal(TimeSpan.Parse(duration), stats.Median);
        Assert.Equal(TimeSpan.Parse(duration), stats.P90);
    }

    [Fact]
    public void A_window_is_taken_in_whole_hours_its_ends_rounded_down()
    {
        ForEachSeed(seed =>
        {
            var random = new Random(seed);
            var ledger = HistoryOf(seed).Ledger();
            foreach (var (from, to) in Windows(random))
            {
                DateTimeOffset? Within(DateTimeOffset? hour) => hour?.AddTicks(random.NextInt64(TimeSpan.TicksPerHour));
                Assert.Equal(ledger.Window("st-cx", from, to), ledger.Window("st-cx", Within(from), Within(to)));
            }
        });
    }

    [Fact]
    public void A_series_from_the_ledger_has_whole_hour_buckets()
    {
        var ledger = new KpiLedger(SlaTargets.Default);

        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerKpis.SeriesParts(ledger, [], T0, TimeSpan.FromMinutes(30), 2, ChinaTime));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerKpis.SeriesParts(
            ledger, [], T0, KpiSeries.Day, 2, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")));
    }

    [Fact]
    public void A_tally_travels_through_the_orleans_serializer_unchanged()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var history = HistoryOf(7);
        var tally = history.Ledger().Window(null, null, null);
        var now = KpiNow.Of(history.Open, history.Reference.Sla, history.Now, null, null);

        var tallyCopy = serializer.Deserialize<KpiTally>(serializer.SerializeToArray(tally));
        var nowCopy = serializer.Deserialize<KpiNow>(serializer.SerializeToArray(now));

        Assert.Equal(tally, tallyCopy);
        Assert.NotNull(nowCopy);
        Assert.Equal(Json(tally.Figures(now)), Json(tallyCopy!.Figures(nowCopy)));

        // A question names the stations it asks about; they must reach the shard whole.
        var query = new KpiQuery(history.Reference.Sla, history.Now, null, null, null, ["st-cx", "st-sx"]);
        var queryCopy = serializer.Deserialize<KpiQuery>(serializer.SerializeToArray(query));
        Assert.NotNull(queryCopy);
        Assert.Equal(query with { Stations = [] }, queryCopy with { Stations = [] });
        Assert.True(query.Stations.SetEquals(queryCopy.Stations));
    }

    [Fact]
    public void A_stored_ledger_reads_back_with_every_window_and_series_and_moves_on_from_there()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer<KpiLedger>>();
        ForEachSeed(seed =>
        {
            // Stored halfway through the history, read back, and the rest applied to the copy: as a shard starts again.
            var history = HistoryOf(seed);
            var half = history.Changes.Count / 2;
            var ledger = new KpiLedger(history.Reference.Sla);
            foreach (var (before, after) in history.Changes.Take(half))
            {
                ledger.Apply(before, after);
            }
            var copy = Assert.IsType<KpiLedger>(serializer.Deserialize(serializer.SerializeToArray(ledger)));
            foreach (var (before, after) in history.Changes.Skip(half))
            {
                copy.Apply(before, after);
            }

            var whole = history.Ledger();
            Assert.Equal(whole.Targets, copy.Targets);
            foreach (var (from, to) in Windows(new Random(seed)))
            {
                foreach (var station in Stations.Append(null))
                {
                    Assert.Equal(whole.Window(station, from, to), copy.Window(station, from, to));
                }
            }
            Assert.Equal(Json(LedgerKpis.SeriesParts(whole, history.Open, history.Now, KpiSeries.Hour, 24, ChinaTime)),
                Json(LedgerKpis.SeriesParts(copy, history.Open, history.Now, KpiSeries.Hour, 24, ChinaTime)));
        });
    }

    [Fact]
    public void A_ledger_coarsened_part_way_through_and_stored_gives_the_calculators_figures_for_the_window_its_horizon_keeps()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer<KpiLedger>>();
        ForEachSeed(seed =>
        {
            // Coarsened and stored part-way through, as a shard is once a day and at each compaction; the later changes
            // (late callbacks on orders whose hours are gone among them) move the copy on. A third of the horizons keep
            // no day of October, a third none of November either, so every window there is whole months.
            var history = HistoryOf(seed);
            var random = new Random(seed);
            var daysFrom = KpiLedger.MonthOf(T0).AddMonths(random.Next(3));
            var hoursFrom = KpiLedger.DayOf(T0).AddDays(random.Next(-1, 6));
            var horizon = new KpiHorizon(hoursFrom > daysFrom ? hoursFrom : daysFrom, daysFrom);
            var part = random.Next(history.Changes.Count + 1);
            var ledger = new KpiLedger(history.Reference.Sla);
            foreach (var (before, after) in history.Changes.Take(part))
            {
                ledger.Apply(before, after);
            }
            ledger.Coarsen(horizon);
            var copy = Assert.IsType<KpiLedger>(serializer.Deserialize(serializer.SerializeToArray(ledger)));
            foreach (var (before, after) in history.Changes.Skip(part))
            {
                copy.Apply(before, after);
            }

            var whole = history.Ledger();
            Assert.Equal(horizon, copy.Horizon);
            foreach (var asked in Windows(random))
            {
                var (from, to) = horizon.Snap(asked.Item1, asked.Item2);
                Assert.True(from is null ? asked.Item1 is null : from <= KpiLedger.HourOf(asked.Item1), $"{from:u} is after {asked.Item1:u}");
                Assert.True(to is null ? asked.Item2 is null : to >= KpiLedger.HourOf(asked.Item2), $"{to:u} is before {asked.Item2:u}");
                var expected = KpiCalculator.Compute(history.Final, history.Reference, history.Now, from, to);
                var window = $"window [{from:u}, {to:u}) asked as [{asked.Item1:u}, {asked.Item2:u}), horizon {horizon}";
                AssertSameFigures(expected.Overall, copy.Window(null, from, to).Figures(KpiNow.Of(history.Open, history.Reference.Sla, history.Now, from, to)),
                    $"{window}, city");
                foreach (var station in Stations.Append(null))
                {
                    Assert.Equal(whole.Window(station, from, to), copy.Window(station, from, to));
                }
            }
        });
    }

    [Fact]
    public void A_window_reaching_into_forgotten_hours_is_refused_not_answered_short()
    {
        var history = HistoryOf(3);
        var ledger = history.Ledger();
        ledger.Coarsen(new KpiHorizon(KpiLedger.DayOf(T0).AddDays(2), KpiLedger.MonthOf(T0)));

        Assert.Throws<InvalidOperationException>(() => ledger.Window(null, T0, T0.AddDays(3)));
        // Snapped, the same question is answered in whole days at its start.
        var (from, to) = ledger.Horizon.Snap(T0, T0.AddDays(3));
        Assert.Equal(KpiLedger.DayOf(T0), from);
        Assert.Equal(T0.AddDays(3), to);
        Assert.Equal(history.Ledger().Window(null, from, to), ledger.Window(null, from, to));
    }

    /// <summary>Every field equal, but the median and 90th percentiles, which must be within the tally's tolerance.</summary>
    private static void AssertSameFigures(KpiFigures expected, KpiFigures actual, string scope)
    {
        (string, DurationStats, DurationStats)[] durations =
        [
            ("dispatch", expected.DispatchTime, actual.DispatchTime),
            ("acceptance", expected.AcceptanceTime, actual.AcceptanceTime),
            ("response", expected.ResponseTime, actual.ResponseTime),
            ("resolution", expected.ResolutionTime, actual.ResolutionTime),
        ];
        foreach (var (name, e, a) in durations)
        {
            AssertWithin(e.Median, a.Median, $"{scope}: {name} median");
            AssertWithin(e.P90, a.P90, $"{scope}: {name} p90");
        }
        Assert.Equal($"{scope}: {Json(WithoutPercentiles(expected))}", $"{scope}: {Json(WithoutPercentiles(actual))}");
    }

    private static KpiFigures WithoutPercentiles(KpiFigures f) => f with
    {
        DispatchTime = f.DispatchTime with { Median = null, P90 = null },
        AcceptanceTime = f.AcceptanceTime with { Median = null, P90 = null },
        ResponseTime = f.ResponseTime with { Median = null, P90 = null },
        ResolutionTime = f.ResolutionTime with { Median = null, P90 = null },
    };

    private static void AssertWithin(TimeSpan? expected, TimeSpan? actual, string what)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e && actual is { } a)
        {
            Assert.True((a - e).Duration() <= DurationTally.Tolerance(e), $"{what}: {a} is not within {DurationTally.Tolerance(e)} of {e}");
        }
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static void ForEachSeed(Action<int> check)
    {
        for (var seed = 1; seed <= Seeds; seed++)
        {
            try
            {
                check(seed);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"Seed {seed}: {e.Message}", e);
            }
        }
    }

    /// <summary>Whole-hour windows over and around the history, open at one end or both.</summary>
    private static IEnumerable<(DateTimeOffset?, DateTimeOffset?)> Windows(Random random)
    {
        yield return (null, null);
        // Half of the ends fall on a China midnight or an hour either side, where day buckets meet hour buckets.
        DateTimeOffset Hour() => random.Next(2) == 0
            ? KpiLedger.DayOf(T0).AddDays(random.Next(-1, 6)).AddHours(random.Next(-1, 2))
            : T0.AddHours(random.Next(-30, 5 * 24));
        yield return (Hour(), null);
        yield return (null, Hour());
        for (var i = 0; i < 4; i++)
        {
            var (a, b) = (Hour(), Hour());
            yield return a <= b ? (a, b) : (b, a);
        }
    }

    private static History HistoryOf(int seed)
    {
        var random = new Random(seed);
        // Scaled targets make breaches, and orders waiting past them, common.
        var reference = Reference with { Sla = random.Next(2) == 0 ? SlaTargets.Default : SlaTargets.Default.Scaled(0.2) };
        var now = T0.AddDays(4).AddTicks(random.NextInt64(TimeSpan.TicksPerHour));
        var versions = Enumerable.Range(1, random.Next(1, 50))
            .SelectMany(i => Walk($"dm-{i:D4}", random, reference.Sla, now))
            .OrderBy(v => v.At)
            .ToList();

        // Every version once, in time order: a late change to an old order comes after newer orders' changes. Every
        // third history has its stations scrambled into lists the state machine would not make (there a returning
        // station was always dispatched to, and a past one always returned), so that each attribution rule counts.
        var scrambled = seed % 3 == 0;
        var latest = new Dictionary<string, DemandSummary>();
        var changes = new List<(DemandSummary?, DemandSummary)>();
        foreach (var (_, version) in versions)
        {
            var summary = scrambled ? Scrambled(version, random) : version;
            changes.Add((latest.GetValueOrDefault(summary.Id), summary));
            latest[summary.Id] = summary;
        }
        return new History(reference, now, changes, [.. latest.Values]);
    }

    private static DemandSummary Scrambled(DemandSummary summary, Random random)
    {
        ImmutableList<string> Some(int most) => [.. Enumerable.Range(0, random.Next(most + 1)).Select(_ => Stations[random.Next(Stations.Length)])];
        return summary with
        {
            StationId = random.Next(3) == 0 ? null : Stations[random.Next(Stations.Length)],
            DispatchedTo = Some(3),
            ReturnedBy = Some(2),
        };
    }

    /// <summary>One order's life through the state machine until it stops, ends, or reaches now; each version with its time.</summary>
    private static IEnumerable<(DateTimeOffset At, DemandSummary Summary)> Walk(string id, Random random, SlaTargets targets, DateTimeOffset now)
    {
        var at = T0.AddTicks(random.NextInt64((now - T0).Ticks));
        var home = Reference.Communities[random.Next(Reference.Communities.Count)];
        var demand = Then(null, DemandKit.Report((Urgency)random.Next(3)) with
        {
            CommunityId = home.Id,
            HomeStationId = home.StationId,
            CategoryId = Categories[random.Next(Categories.Length)],
            ServiceType = (ServiceType)random.Next(Enum.GetValues<ServiceType>().Length),
        }, id, at);
        yield return (at, demand.ToSummary());
        while (random.Next(30) > 0)
        {
            // Sometimes the next event comes at a deadline sharp, which is still in time.
            at = random.Next(6) == 0 && SlaPolicy.NextDeadline(demand.ToSummary(), targets) is { } deadline && deadline.DueAt > at
                ? deadline.DueAt
                : at + Duration(random);
            if (at >= now)
            {
                yield break;
            }
            // The SLA timer records breaches when it runs; sometimes it has not run yet.
            if (SlaPolicy.DueBreaches(demand, targets, at) is { Count: > 0 } due && random.Next(3) > 0)
            {
                demand = DemandStateMachine.RecordBreaches(demand, due, at);
                yield return (at, demand.ToSummary());
                continue;
            }
            // Cancelling and referring are the rarer turns, so that many orders live to be closed.
            var allowed = DemandStateMachine.AllowedActions(demand)
                .Where(a => a switch { DemandAction.Cancel => random.Next(20) == 0, DemandAction.Refer => random.Next(4) == 0, _ => true })
                .ToList();
            if (allowed.Count == 0)
            {
                yield break;
            }
            demand = Then(demand, Command(allowed[random.Next(allowed.Count)], demand, random, at), id, at);
            yield return (at, demand.ToSummary());
        }
    }

    private static DemandCommand Command(DemandAction action, Demand demand, Random random, DateTimeOffset at)
    {
        var today = FollowUpPolicy.ChinaDate(at);
        return action switch
        {
            DemandAction.Dispatch => new DispatchDemand(Stations[random.Next(Stations.Length)]),
            DemandAction.Accept => new AcceptDemand(),
            DemandAction.Return => new ReturnDemand("不属本站辖区"),
            DemandAction.Assign => new AssignDemand(Workers[random.Next(Workers.Length)]),
            DemandAction.Contact => new RecordContact("电话联系，约定上门"),
            DemandAction.RecordStep => Step(demand, random, today),
            DemandAction.Refer => DemandKit.ReferToJustice,
            DemandAction.AnswerReferral => new AnswerReferral(demand.OpenReferrals[0].Id, "已调解"),
            DemandAction.Close => new CloseDemand("已办结"),
            DemandAction.Cancel => new CancelDemand("重复上报"),
            DemandAction.Callback => new RecordCallback(random.Next(1, 6), null),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }

    /// <summary>Mostly the next step, sometimes one recorded before again.</summary>
    private static RecordStep Step(Demand demand, Random random, DateOnly today)
    {
        var steps = DemandStateMachine.AllowedSteps(demand);
        return (random.Next(3) > 0 ? steps[^1] : steps[random.Next(steps.Length)]) switch
        {
            // Dated forms are dated today: the state machine checks their dates against the day they are recorded.
            CaseworkStep.Plan => new RecordStep(CaseworkStep.Plan, new PlanForm(["每周探访"], [new PlanAction("联系家属", today)])),
            CaseworkStep.Execution => new RecordStep(CaseworkStep.Execution,
                new ExecutionForm([new ServiceDelivered(demand.ServiceType, 1, today, "上门服务")])),
            CaseworkStep.FollowUp => new RecordStep(CaseworkStep.FollowUp, new FollowUpForm("情况稳定", today)),
            var step => DemandKit.Step(step),
        };
    }

    private static Demand Then(Demand? demand, DemandCommand command, string id, DateTimeOffset at)
    {
        var result = DemandStateMachine.Apply(demand, id, command, DemandKit.Dispatcher, at);
        Assert.True(result.Succeeded, $"{command.Action} at {at:u} was refused: {result.Refusal?.Message}");
        return result.Demand!;
    }

    /// <summary>Seconds to a day and more, with sub-second ticks: durations on every side of the bins' edges.</summary>
    private static TimeSpan Duration(Random random) => TimeSpan.FromTicks(random.Next(6) switch
    {
        0 or 1 => random.NextInt64(TimeSpan.TicksPerMinute * 5),
        2 or 3 => random.NextInt64(TimeSpan.TicksPerHour * 2),
        4 => random.NextInt64(TimeSpan.TicksPerSecond * 600),
        _ => random.NextInt64(TimeSpan.TicksPerHour * 30),
    });

    private static DemandSummary Summary(DateTimeOffset reported, DateTimeOffset dispatched) =>
        new("dm", DemandState.Dispatched, "cm-xinhua", "cat-dibao", ServiceType.NeedsAssessment, Urgency.Normal, "st-cx", "st-cx",
            null, reported, dispatched, dispatched, null, null, null, null, false, ["st-cx"], [], null, null, "王阿婆", "", 1);

    private static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }
}
