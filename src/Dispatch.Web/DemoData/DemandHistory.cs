using Dispatch.Contracts;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;
using Dispatch.Grains.Demands;
using Dispatch.Web.Simulation;

namespace Dispatch.Web.DemoData;

/// <summary>
/// A city's past: months of finished demands, each walked through the real <see cref="DemandStateMachine"/> at past
/// instants, with the SLA breaches the reminder would have flagged on the way. Days have their rhythm (office hours
/// busy, nights quiet, weekends lighter, winter and the summer holidays heavier); some orders are returned and
/// re-dispatched, some accepted or contacted late, some cancelled; most close with a callback. Deterministic: the same
/// city, end, months and seed give the same demands.
/// </summary>
public static class DemandHistory
{
    /// <summary>
    /// New demands per active worker per day, on an average weekday. A casework case runs two to four weeks through five
    /// steps, and a township worker carries some ten cases at a time besides key-person visits, so about one new case a
    /// week each: Taicang's 80 workers get about 16 a day city-wide (some 5,000 a year), inside the 10–30 a day a county
    /// of 150 communities sees.
    /// </summary>
    public const double DemandsPerWorkerPerDay = 0.2;

    private const double CancelShare = 0.03;
    private const double ReturnShare = 0.08;
    private const double ReassignShare = 0.05;
    private const double LateAcceptanceShare = 0.07;
    private const double LateContactShare = 0.08;
    private const double ReferShare = 0.15;
    private const double CallbackShare = 0.85;

    /// <summary>Reports by China-local hour: office hours busy, a dip at lunch, quiet nights.</summary>
    private static readonly double[] HourWeights =
    [
        0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 6, 6.5, 5, 2.5, 3, 5, 5.5, 5, 4, 2.5, 2, 1.5, 1, 0.6, 0.3,
    ];

    /// <summary>Reports by month, January first: winter (cold, the Spring Festival) and the summer holidays are heavier.</summary>
    private static readonly double[] MonthWeights = [1.3, 1.35, 1.0, 0.9, 0.9, 0.95, 1.15, 1.15, 0.95, 1.0, 1.05, 1.25];

    private static readonly (ReportChannel Channel, double Weight)[] ChannelMix =
    [
        (ReportChannel.GridWorker, 30),
        (ReportChannel.Hotline12345, 20),
        (ReportChannel.CommunityRoom, 15),
        (ReportChannel.Resident, 10),
        (ReportChannel.BuildingHead, 7),
        (ReportChannel.VillageGroupLeader, 7),
        (ReportChannel.DepartmentReferral, 6),
        (ReportChannel.Outreach, 5),
    ];

    private static readonly (ServiceType Type, double Weight)[] ServiceMix =
    [
        (ServiceType.SocialAssistance, 25),
        (ServiceType.ElderlyAndChildCare, 25),
        (ServiceType.ResourceLinking, 20),
        (ServiceType.NeedsAssessment, 12),
        (ServiceType.CommunityGovernance, 10),
        (ServiceType.LivelihoodDevelopment, 8),
    ];

    /// <summary>The elderly and the dibao households bring most needs; a category not named here weighs 1.</summary>
    private static readonly Dictionary<string, double> CategoryWeights = new()
    {
        ["dibao"] = 4, ["dibao-edge"] = 2.5, ["tekun"] = 2, ["elderly-alone"] = 4, ["elderly-childless"] = 2.5,
        ["elderly-disabled"] = 3.5, ["left-behind-children"] = 2, ["children-in-difficulty"] = 1.5, ["severe-disability"] = 2.5,
    };

    private static readonly string[] CancelReasons =
    [
        "求助人表示问题已自行解决，撤回求助。",
        "经核实为重复上报，已合并至原工单。",
        "求助人已搬离本市，无法继续服务。",
    ];

    /// <summary>
    /// The demands reported in the <paramref name="months"/> months before <paramref name="end"/>, every one closed or
    /// cancelled before it; produced one by one, so a province's years need not fit in memory.
    /// </summary>
    public static IEnumerable<Demand> Generate(ReferenceData directory, DateTimeOffset end, int months, int seed)
    {
        var workers = directory.Workers.Where(w => w.IsActive).ToList();
        if (months <= 0 || workers.Count == 0 || directory.Communities.IsEmpty || directory.Categories.IsEmpty)
        {
            yield break;
        }
        var start = end.AddMonths(-months);
        // The last hour is left to close what was reported in it (see Play).
        var lastReport = end - TimeSpan.FromHours(1);
        var random = new Random(seed);
        var ids = new HashSet<string>();
        var city = new City(directory, workers);
        for (var day = ChinaCalendar.DateOf(start); day <= ChinaCalendar.DateOf(end); day = day.AddDays(1))
        {
            var mean = workers.Count * DemandsPerWorkerPerDay * DayWeight(day);
            var reports = Enumerable.Range(0, Poisson(random, mean))
                .Select(_ => ReportTime(random, day))
                .Where(at => at >= start && at < lastReport)
                .Order()
                .ToList();
            foreach (var reportedAt in reports)
            {
                var walk = new Random(random.Next());
                yield return Walk(city, Id(walk, reportedAt, ids), reportedAt, end, walk);
            }
        }
    }

    /// <summary>How busy a China-local day is against an average weekday.</summary>
    private static double DayWeight(DateOnly day) =>
        MonthWeights[day.Month - 1] * day.DayOfWeek switch
        {
            DayOfWeek.Saturday => 0.6,
            DayOfWeek.Sunday => 0.5,
            _ => 1.0,
        };

    private sealed class City(ReferenceData data, List<SocialWorker> workers)
    {
        public ReferenceData Data { get; } = data;
        public ILookup<string, SocialWorker> WorkersOf { get; } = workers.ToLookup(w => w.StationId);
        // Looked up once: a province has thousands of stations and each demand needs its heads.
        public Dictionary<string, DispatchUser> Heads { get; } = data.Stations.ToDictionary(s => s.Id, s => SimulatedCasework.HeadOf(data, s.Id));
        public (PersonCategory Category, double Weight)[] Categories { get; } =
            [.. data.Categories.Select(c => (c, CategoryWeights.GetValueOrDefault(c.Id, 1)))];
    }

    private static string Id(Random random, DateTimeOffset reportedAt, HashSet<string> ids)
    {
        Span<char> suffix = stackalloc char[DemandIdGenerator.SuffixLength];
        string id;
        do
        {
            for (var i = 0; i < suffix.Length; i++)
            {
                suffix[i] = DemandIdGenerator.Alphabet[random.Next(DemandIdGenerator.Alphabet.Length)];
            }
            id = DemandIdGenerator.IdOf(reportedAt, suffix);
        }
        while (!ids.Add(id));
        return id;
    }

    private static DateTimeOffset ReportTime(Random random, DateOnly day)
    {
        var hour = Weighted(random, HourWeights.Select((w, h) => (h, w)));
        return ChinaCalendar.StartOf(day) + TimeSpan.FromHours(hour) + TimeSpan.FromSeconds(random.Next(3600));
    }

    /// <summary>One demand's life: what happens and how long each step waits, then played through the state machine.</summary>
    private static Demand Walk(City city, string id, DateTimeOffset reportedAt, DateTimeOffset end, Random random)
    {
        var community = city.Data.Communities[random.Next(city.Data.Communities.Count)];
        var category = Weighted(random, city.Categories);
        var serviceType = Weighted(random, ServiceMix);
        var urgency = random.NextDouble() switch { < 0.15 => Urgency.Urgent, < 0.7 => Urgency.Normal, _ => Urgency.Routine };
        var channel = Weighted(random, ChannelMix.Where(c => Fits(c.Channel, community.Kind)));
        var person = DemoText.NextPerson(random);
        var target = city.Data.Sla.For(urgency);
        var home = community.StationId;
        var dispatcher = SimulatedCasework.Dispatcher;

        var plan = new List<(TimeSpan Wait, DispatchUser Who, Func<DateOnly, DemandCommand> Command)>();
        void Then(TimeSpan wait, DispatchUser who, DemandCommand command) => plan.Add((wait, who, _ => command));

        // Urgent needs are dispatched by the duty dispatcher at once; the others wait for office hours.
        var dispatchWait = urgency == Urgency.Urgent
            ? Minutes(random, 3, 20)
            : UntilOfficeHours(reportedAt + Minutes(random, 10, 120), random) - reportedAt;
        if (random.NextDouble() < CancelShare)
        {
            Then(dispatchWait, dispatcher, new CancelDemand(Pick(random, CancelReasons)));
            return Play(city, id, Report(community, category.Id, serviceType, urgency, person, channel, random), reportedAt, end, plan);
        }
        if (random.NextDouble() < ReturnShare && city.Data.Stations.Count > 1)
        {
            // Sent to the wrong station first: it returns the order, and the dispatcher sends it home.
            var wrong = home;
            while (wrong == home)
            {
                wrong = Pick(random, city.Data.Stations).Id;
            }
            Then(dispatchWait, dispatcher, new DispatchDemand(wrong));
            Then(Minutes(random, 10, 180), city.Heads[wrong], SimulatedCasework.Return(random));
            dispatchWait = Minutes(random, 5, 60);
        }
        Then(dispatchWait, dispatcher, new DispatchDemand(home));
        var head = city.Heads[home];
        var acceptShare = random.NextDouble() < LateAcceptanceShare ? 1.1 + 1.5 * random.NextDouble() : 0.1 + 0.7 * random.NextDouble();
        Then(target.AcceptWithin * acceptShare, head, new AcceptDemand("已接单，安排驻站社工跟进。"));
        var candidates = city.WorkersOf[home].ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. city.WorkersOf.SelectMany(w => w)];
        }
        var worker = Pick(random, candidates);
        Then(Minutes(random, 5, 90), head, new AssignDemand(worker.Id));
        if (random.NextDouble() < ReassignShare && candidates.Count > 1)
        {
            worker = Pick(random, candidates.Where(w => w.Id != worker.Id).ToList());
            Then(Minutes(random, 30, 240), head, new AssignDemand(worker.Id, "原社工休假，改派。"));
        }
        var social = SimulatedCasework.WorkerUser(worker);
        // Contact is due from the report: most come well inside the target, a share late.
        var contactShare = random.NextDouble() < LateContactShare ? 1.1 + 1.5 * random.NextDouble() : 0.2 + 0.7 * random.NextDouble();
        var sinceReport = plan.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Wait);
        var contactWait = target.ContactWithin * contactShare - sinceReport;
        Then(contactWait > TimeSpan.FromMinutes(10) ? contactWait : Minutes(random, 10, 60), social, SimulatedCasework.Contact(random));

        var risk = Pick(random, Enum.GetValues<RiskLevel>());
        TimeSpan[] stepWaits = [Days(random, 0.3, 2), Days(random, 0.1, 1), Days(random, 1, 3), Days(random, 3, 10), Days(random, 5, 14)];
        var referred = false;
        foreach (var (step, wait) in Enum.GetValues<CaseworkStep>().Zip(stepWaits))
        {
            plan.Add((wait, social, today => new RecordStep(step, SimulatedCasework.Form(step, serviceType, risk, today, random))));
            if (step == CaseworkStep.Plan && random.NextDouble() < ReferShare)
            {
                Then(Minutes(random, 30, 480), social, SimulatedCasework.Referral(random));
                referred = true;
            }
        }
        if (referred)
        {
            Then(Days(random, 0.5, 3), random.NextDouble() < 0.5 ? dispatcher : social, SimulatedCasework.Answer("R1", random));
        }
        Then(Days(random, 0.1, 2), social, new CloseDemand("服务目标达成，求助人问题已解决，结案。"));
        if (random.NextDouble() < CallbackShare)
        {
            Then(Days(random, 0.5, 3), dispatcher, SimulatedCasework.Callback(random));
        }
        return Play(city, id, Report(community, category.Id, serviceType, urgency, person, channel, random), reportedAt, end, plan);
    }

    private static ReportDemand Report(
        Community community, string categoryId, ServiceType serviceType, Urgency urgency, Person person, ReportChannel channel, Random random) =>
        new(community.Id, community.StationId, categoryId, serviceType, urgency, DemoText.NextDescription(random, categoryId, serviceType),
            person, DemoText.NextReporter(random, channel));

    /// <summary>
    /// Applies the plan at its instants, flagging on the way every breach the SLA reminder would have. A demand reported
    /// near the end has its waits shortened in proportion, so it is finished by then too.
    /// </summary>
    private static Demand Play(
        City city, string id, ReportDemand report, DateTimeOffset reportedAt, DateTimeOffset end,
        List<(TimeSpan Wait, DispatchUser Who, Func<DateOnly, DemandCommand> Command)> plan)
    {
        var total = plan.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Wait);
        var room = end - reportedAt - TimeSpan.FromSeconds(plan.Count + 1);
        var scale = total > room ? room / total : 1;
        var demand = Apply(null, id, report, SimulatedCasework.Dispatcher, reportedAt);
        var at = reportedAt;
        foreach (var (wait, who, command) in plan)
        {
            // At least a second apart, so the timeline keeps its order even when a late demand's waits shrink.
            at += wait * scale > TimeSpan.FromSeconds(1) ? wait * scale : TimeSpan.FromSeconds(1);
            demand = FlagBreaches(demand, city.Data.Sla, at);
            demand = Apply(demand, id, command(ChinaCalendar.DateOf(at)), who, at);
        }
        return demand;
    }

    private static Demand FlagBreaches(Demand demand, SlaTargets targets, DateTimeOffset until)
    {
        var from = demand.Timeline[^1].At;
        while (SlaPolicy.NextCheck(demand, targets, from) is { } check && check < until)
        {
            demand = DemandStateMachine.RecordBreaches(demand, SlaPolicy.DueBreaches(demand, targets, check), check);
            from = check;
        }
        return demand;
    }

    private static Demand Apply(Demand? demand, string id, DemandCommand command, DispatchUser who, DateTimeOffset at) =>
        DemandStateMachine.Apply(demand, id, command, who.ToActor(), at) switch
        {
            { Demand: { } next } => next,
            { Refusal: var refusal } => throw new InvalidOperationException($"History of {id}: {command.Action} at {at:u} refused: {refusal?.Message}"),
        };

    /// <summary>Building heads live in residential communities, group leaders in villages.</summary>
    private static bool Fits(ReportChannel channel, CommunityKind kind) => channel switch
    {
        ReportChannel.BuildingHead => kind == CommunityKind.Community,
        ReportChannel.VillageGroupLeader => kind == CommunityKind.Village,
        _ => true,
    };

    /// <summary>The instant itself in office hours (8:30–17:30 China time), else the next morning's start plus a little.</summary>
    private static DateTimeOffset UntilOfficeHours(DateTimeOffset at, Random random)
    {
        var local = TimeZoneInfo.ConvertTime(at, ChinaCalendar.Zone);
        var time = local.TimeOfDay;
        if (time >= TimeSpan.FromHours(8.5) && time < TimeSpan.FromHours(17.5))
        {
            return at;
        }
        var day = ChinaCalendar.DateOf(at);
        var morning = time < TimeSpan.FromHours(8.5) ? day : day.AddDays(1);
        return ChinaCalendar.StartOf(morning) + TimeSpan.FromHours(8.5) + Minutes(random, 0, 60);
    }

    private static TimeSpan Minutes(Random random, double from, double to) => TimeSpan.FromMinutes(from + (to - from) * random.NextDouble());

    private static TimeSpan Days(Random random, double from, double to) => TimeSpan.FromDays(from + (to - from) * random.NextDouble());

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static T Weighted<T>(Random random, IEnumerable<(T Item, double Weight)> mix)
    {
        var items = mix.ToList();
        var draw = random.NextDouble() * items.Sum(i => i.Weight);
        foreach (var (item, weight) in items)
        {
            draw -= weight;
            if (draw < 0)
            {
                return item;
            }
        }
        return items[^1].Item;
    }

    /// <summary>A Poisson draw: Knuth's product of uniforms for a county's means, the normal approximation for a province's.</summary>
    private static int Poisson(Random random, double mean)
    {
        if (mean > 60)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * normal));
        }
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }
        return count;
    }
}
