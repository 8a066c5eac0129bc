using System.Collections.Immutable;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using static Dispatch.Contracts.Tests.Demands.DemandKit;

namespace Dispatch.Contracts.Tests.Demands;

/// <summary>
/// Field validation of every command. Each command is applied in a state that allows it, so a refusal can only
/// come from the command's own fields.
/// </summary>
public sealed class DemandValidationTests
{
    private static readonly DateTimeOffset Now = T0.AddDays(1);

    /// <summary>A text field of a command: where it is allowed, how long it may be, how to set it, where it is kept.</summary>
    private sealed record TextField(
        string Command,
        string Field,
        int Max,
        bool Required,
        bool FreeText,
        StartState State,
        Func<string?, DemandCommand> With,
        Func<Demand, string?> Stored);

    private static readonly ReportDemand BaseReport = Report();

    private static string? LastNote(Demand d) => d.Timeline[^1].Note;

    private static readonly PlanForm BasePlan = (PlanForm)Form(CaseworkStep.Plan);

    /// <summary>The step of the form, with it: recorded on a case with every step reached, so any step is allowed.</summary>
    private static RecordStep StepWith(CaseworkForm form) => new(form.Step, form, "记录");

    private static TForm LastForm<TForm>(Demand d) where TForm : CaseworkForm => Assert.IsType<TForm>(d.Timeline[^1].Form);

    private static readonly TextField[] TextFields =
    [
        new("Report", "communityId", 50, true, false, StartState.None, v => BaseReport with { CommunityId = v! }, d => d.CommunityId),
        new("Report", "homeStationId", 50, true, false, StartState.None, v => BaseReport with { HomeStationId = v! }, d => d.HomeStationId),
        new("Report", "categoryId", 50, true, false, StartState.None, v => BaseReport with { CategoryId = v! }, d => d.CategoryId),
        new("Report", "description", 2000, true, true, StartState.None, v => BaseReport with { Description = v! }, d => d.Description),
        new("Report", "person.name", 50, true, false, StartState.None,
            v => BaseReport with { Person = BaseReport.Person with { Name = v! } }, d => d.Person.Name),
        new("Report", "person.address", 200, false, true, StartState.None,
            v => BaseReport with { Person = BaseReport.Person with { Address = v } }, d => d.Person.Address),
        new("Report", "reporter.name", 50, true, false, StartState.None,
            v => BaseReport with { Reporter = BaseReport.Reporter with { Name = v! } }, d => d.Reporter.Name),
        new("Dispatch", "stationId", 50, true, false, StartState.Reported, v => new DispatchDemand(v!, "派单"), d => d.StationId),
        new("Dispatch", "note", 2000, false, true, StartState.Reported, v => new DispatchDemand("st-shaxi", v), LastNote),
        new("Accept", "note", 2000, false, true, StartState.Dispatched, v => new AcceptDemand(v), LastNote),
        new("Return", "reason", 500, true, true, StartState.Dispatched, v => new ReturnDemand(v!), LastNote),
        new("Assign", "workerId", 50, true, false, StartState.Accepted, v => new AssignDemand(v!, "指派"), d => d.WorkerId),
        new("Assign", "note", 2000, false, true, StartState.Accepted, v => new AssignDemand("sw-wang", v), LastNote),
        new("Contact", "note", 2000, true, true, StartState.Assigned, v => new RecordContact(v!), LastNote),
        new("Report", "keyPersonId", 50, false, false, StartState.None, v => BaseReport with { KeyPersonId = v }, d => d.KeyPersonId),
        new("Report", "foundOnVisitId", 50, false, false, StartState.None, v => BaseReport with { FoundOnVisitId = v }, d => d.FoundOnVisitId),
        new("Report", "foundByWorkerId", 50, false, false, StartState.None, v => BaseReport with { FoundByWorkerId = v }, d => d.FoundByWorkerId),
        new("RecordStep", "note", 2000, false, true, StartState.InServiceNoSteps,
            v => new RecordStep(CaseworkStep.Assessment, Form(CaseworkStep.Assessment), v), LastNote),
        new("Assessment", "form.needs[0].description", 500, true, true, StartState.InServiceAllSteps,
            v => StepWith(new AssessmentForm([new AssessedNeed(ServiceType.SocialAssistance, v!)])),
            d => LastForm<AssessmentForm>(d).Needs[0].Description),
        new("Grading", "form.reason", 500, true, true, StartState.InServiceAllSteps,
            v => StepWith(new GradingForm(RiskLevel.High, v!)), d => LastForm<GradingForm>(d).Reason),
        new("Plan", "form.goals[0]", 500, true, true, StartState.InServiceAllSteps,
            v => StepWith(BasePlan with { Goals = [v!] }), d => LastForm<PlanForm>(d).Goals[0]),
        new("Plan", "form.actions[0].description", 500, true, true, StartState.InServiceAllSteps,
            v => StepWith(BasePlan with { Actions = [new PlanAction(v!, PlanDue, "镇慈善基金")] }),
            d => LastForm<PlanForm>(d).Actions[0].Description),
        new("Plan", "form.actions[0].resource", 50, false, false, StartState.InServiceAllSteps,
            v => StepWith(BasePlan with { Actions = [new PlanAction("申请临时救助", PlanDue, v)] }),
            d => LastForm<PlanForm>(d).Actions[0].Resource),
        new("Execution", "form.services[0].description", 500, true, true, StartState.InServiceAllSteps,
            v => StepWith(new ExecutionForm([new ServiceDelivered(ServiceType.SocialAssistance, 1, ServedOn, v!)])),
            d => LastForm<ExecutionForm>(d).Services[0].Description),
        new("FollowUp", "form.result", 2000, true, true, StartState.InServiceAllSteps,
            v => StepWith(new FollowUpForm(v!, NextFollowUp)), d => LastForm<FollowUpForm>(d).Result),
        new("Refer", "department", 50, true, false, StartState.InServiceNoSteps,
            v => new ReferDemand(v!, "需司法调解"), d => d.Referrals[^1].Department),
        new("Refer", "reason", 500, true, true, StartState.InServiceNoSteps, v => new ReferDemand("镇司法所", v!), LastNote),
        new("AnswerReferral", "answer", 2000, true, true, StartState.InServiceReferred, v => new AnswerReferral("R1", v!), LastNote),
        new("Close", "summary", 2000, true, true, StartState.InServiceAllSteps, v => new CloseDemand(v!), LastNote),
        new("Cancel", "reason", 500, true, true, StartState.Reported, v => new CancelDemand(v!), LastNote),
        new("Callback", "note", 2000, false, true, StartState.Closed, v => new RecordCallback(4, v), LastNote),
    ];

    /// <summary>Control characters other than line breaks and tabs: noise, or an attack on a log or a terminal.</summary>
    private static readonly (string Label, string Value)[] ControlValues =
    [
        ("U+0001", "abc\u0001def"),
        ("ANSI escape", "\u001b[31m红色\u001b[0m"),
        ("NUL", "ab\0"),
        ("backspace", "abc\b\b\bxyz"),
        ("vertical tab", "a\vb"),
        ("form feed", "a\fb"),
        ("DEL", "a\u007fb"),
        ("C1 NEL U+0085", "a\u0085b"),
        ("C1 CSI U+009B", "\u009b31m"),
    ];

    // ------------------------------------------------------------------------------------------------------------
    // Refused text
    // ------------------------------------------------------------------------------------------------------------

    private static IEnumerable<(string Key, TextField Field, string? Value)> RefusedTextCases()
    {
        foreach (var f in TextFields)
        {
            var name = $"{f.Command}.{f.Field}";
            if (f.Required)
            {
                yield return ($"{name}: null", f, null);
                yield return ($"{name}: empty", f, "");
                yield return ($"{name}: spaces", f, "   ");
                yield return ($"{name}: only whitespace and line breaks", f, " \t\r\n ");
            }
            yield return ($"{name}: too long ({f.Max + 1})", f, new string('x', f.Max + 1));
            yield return ($"{name}: too long in Chinese ({f.Max + 1})", f, new string('字', f.Max + 1));
            foreach (var (label, value) in ControlValues)
            {
                yield return ($"{name}: control {label}", f, value);
            }
        }
    }

    private static IEnumerable<(string Key, TextField Field, string? Value)> AcceptedTextCases()
    {
        foreach (var f in TextFields)
        {
            var name = $"{f.Command}.{f.Field}";
            if (!f.Required)
            {
                yield return ($"{name}: null", f, null);
            }
            yield return ($"{name}: exactly {f.Max}", f, new string('x', f.Max));
            yield return ($"{name}: exactly {f.Max} Chinese", f, new string('站', f.Max));
            yield return ($"{name}: Chinese", f, "城厢镇新华社区");
            yield return ($"{name}: emoji", f, "王阿婆👵🏻很好🙂");
            yield return ($"{name}: other planes", f, "𠀀𠮷 𝕏𝔸 ﷺ Ωß ✓");
            yield return ($"{name}: right-to-left", f, "مرحبا שלום");
            if (f.FreeText)
            {
                yield return ($"{name}: line breaks and tabs", f, "第一行\n第二行\r\n\t缩进一行");
            }
        }
    }

    public static TheoryData<string> RefusedText() => [.. RefusedTextCases().Select(c => c.Key)];

    public static TheoryData<string> AcceptedText() => [.. AcceptedTextCases().Select(c => c.Key)];

    [Fact]
    public void Case_names_are_unique()
    {
        var keys = RefusedTextCases().Select(c => c.Key).Concat(AcceptedTextCases().Select(c => c.Key)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(RefusedText))]
    public void Bad_text_is_refused_as_Invalid_on_its_field(string key)
    {
        var (_, field, value) = RefusedTextCases().Single(c => c.Key == key);
        AssertInvalid(field.State, field.With(value), field.Field);
    }

    [Theory]
    [MemberData(nameof(AcceptedText))]
    public void Good_text_is_accepted_and_kept(string key)
    {
        var (_, field, value) = AcceptedTextCases().Single(c => c.Key == key);

        var after = Build(field.State).Then(field.With(value), Now);

        Assert.Equal(value, field.Stored(after));
    }

    [Theory]
    [InlineData("Dispatch.note")]
    [InlineData("Accept.note")]
    [InlineData("Assign.note")]
    [InlineData("Callback.note")]
    [InlineData("Report.person.address")]
    [InlineData("Report.keyPersonId")]
    [InlineData("RecordStep.note")]
    [InlineData("Plan.form.actions[0].resource")]
    public void Optional_text_may_be_empty(string name)
    {
        var field = TextFields.Single(f => $"{f.Command}.{f.Field}" == name);

        var result = DemandStateMachine.Apply(Build(field.State), Id, field.With(""), Dispatcher, Now);

        Assert.True(result.Succeeded, result.Refusal?.Message);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Phones
    // ------------------------------------------------------------------------------------------------------------

    private static ReportDemand WithPersonPhone(string? phone) => BaseReport with { Person = BaseReport.Person with { Phone = phone } };

    private static ReportDemand WithReporterPhone(string? phone) => BaseReport with { Reporter = BaseReport.Reporter with { Phone = phone } };

    [Theory]
    [InlineData("abc")]
    [InlineData("1380000000a")]
    [InlineData("1234567890123456789012345")] // 25 digits
    [InlineData("123456789012345678901")] // 21 digits
    [InlineData("138\u00010000000")]
    [InlineData("(0512)53531234")]
    [InlineData("１３８００００００００")] // full-width digits
    [InlineData("138\n0000")]
    public void Invalid_phones_are_refused(string phone)
    {
        AssertInvalid(StartState.None, WithPersonPhone(phone), "person.phone");
        AssertInvalid(StartState.None, WithReporterPhone(phone), "reporter.phone");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("13800000000")]
    [InlineData("+86 138-0000-0000")]
    [InlineData("0512-53531234")]
    [InlineData("12345678901234567890")] // 20 digits: the maximum
    public void Valid_phones_are_accepted_and_kept(string? phone)
    {
        var byPerson = ((Demand?)null).Then(WithPersonPhone(phone), Now);
        var byReporter = ((Demand?)null).Then(WithReporterPhone(phone), Now);

        Assert.Equal(phone, byPerson.Person.Phone);
        Assert.Equal(phone, byReporter.Reporter.Phone);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Missing parts, enums, numbers
    // ------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Report_without_a_person_is_invalid_on_person()
    {
        AssertInvalid(StartState.None, BaseReport with { Person = null! }, "person");
    }

    [Fact]
    public void Report_without_a_reporter_is_invalid_on_reporter()
    {
        AssertInvalid(StartState.None, BaseReport with { Reporter = null! }, "reporter");
    }

    [Theory]
    [InlineData(99)]
    [InlineData(-1)]
    public void Undefined_enum_values_are_refused(int raw)
    {
        AssertInvalid(StartState.None, BaseReport with { ServiceType = (ServiceType)raw }, "serviceType");
        AssertInvalid(StartState.None, BaseReport with { Urgency = (Urgency)raw }, "urgency");
        AssertInvalid(StartState.None,
            BaseReport with { Reporter = BaseReport.Reporter with { Channel = (ReportChannel)raw } }, "reporter.channel");
        AssertInvalid(StartState.InServiceNoSteps, new RecordStep((CaseworkStep)raw, Form(CaseworkStep.Assessment)), "step");
        AssertInvalid(StartState.InServiceAllSteps,
            StepWith(new AssessmentForm([new AssessedNeed((ServiceType)raw, "需要助餐")])), "form.needs[0].serviceType");
        AssertInvalid(AfterAssessment(), StepWith(new GradingForm((RiskLevel)raw, "评定")), "form.riskLevel");
        AssertInvalid(StartState.InServiceAllSteps,
            StepWith(new ExecutionForm([new ServiceDelivered((ServiceType)raw, 1, ServedOn, "助餐")])), "form.services[0].serviceType");
        AssertInvalid(StartState.InServiceAllSteps,
            StepWith(new FollowUpForm("稳定", NextFollowUp, (RiskLevel)raw)), "form.revisedRiskLevel");
    }

    [Theory]
    [InlineData(ServiceType.NeedsAssessment, Urgency.Urgent, ReportChannel.Hotline12345)]
    [InlineData(ServiceType.LivelihoodDevelopment, Urgency.Routine, ReportChannel.Outreach)]
    [InlineData(ServiceType.CommunityGovernance, Urgency.Normal, ReportChannel.DepartmentReferral)]
    public void Defined_enum_values_are_accepted_and_kept(ServiceType type, Urgency urgency, ReportChannel channel)
    {
        var d = ((Demand?)null).Then(
            BaseReport with { ServiceType = type, Urgency = urgency, Reporter = BaseReport.Reporter with { Channel = channel } },
            Now);

        Assert.Equal(type, d.ServiceType);
        Assert.Equal(urgency, d.Urgency);
        Assert.Equal(channel, d.Reporter.Channel);
        // The channel and the name are facts of the event, which each screen words in its language; no code in a note.
        var reported = d.Timeline[^1];
        Assert.Equal(channel, reported.Channel);
        Assert.Equal("张网格", reported.ReporterName);
        Assert.Null(reported.Note);
        Assert.Equal((channel, "张网格"), reported.ReportedBy());
    }

    [Theory]
    [InlineData("GridWorker: 李网格", ReportChannel.GridWorker, "李网格")]
    [InlineData("Hotline12345: 王女士", ReportChannel.Hotline12345, "王女士")]
    [InlineData("Outreach: ", ReportChannel.Outreach, "")]
    public void A_reported_event_stored_with_the_channel_in_its_note_reads_as_the_same_facts(string note, ReportChannel channel, string name)
    {
        var stored = new DemandEvent(1, DemandEventKind.Reported, Now, Actor.System, DemandState.Reported, DemandState.Reported, note);

        Assert.Equal((channel, name), stored.ReportedBy());
        Assert.Null(stored.PersonalNote);
    }

    [Theory]
    [InlineData("3: 不是渠道")]
    [InlineData("Unknown: 张三")]
    [InlineData("电话：GridWorker: 张三")]
    public void A_note_that_only_looks_like_a_channel_stays_a_note(string note)
    {
        var stored = new DemandEvent(1, DemandEventKind.Reported, Now, Actor.System, DemandState.Reported, DemandState.Reported, note);

        Assert.Null(stored.ReportedBy());
        Assert.Equal(note, stored.PersonalNote);
    }

    [Fact]
    public void Grading_without_risk_level_is_invalid_even_where_grading_is_not_yet_allowed()
    {
        // Validation comes before the state check: the field problem is reported first.
        AssertInvalid(StartState.InServiceNoSteps, StepWith(new GradingForm((RiskLevel)(-1), "评定")), "form.riskLevel");
    }

    // ------------------------------------------------------------------------------------------------------------
    // Casework forms: present, of the step, lists of one to twenty, numbers, dates
    // ------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(CaseworkStep.Assessment)]
    [InlineData(CaseworkStep.FollowUp)]
    public void A_step_without_its_form_is_invalid_on_form(CaseworkStep step)
    {
        AssertInvalid(StartState.InServiceAllSteps, new RecordStep(step, null!, "只有备注"), "form");
    }

    /// <summary>Each list of a form, with a valid entry to repeat.</summary>
    public static TheoryData<string> FormLists() => ["form.needs", "form.goals", "form.actions", "form.services"];

    private static RecordStep WithList(string list, int count, bool nullEntry = false)
    {
        ImmutableList<T> Repeat<T>(T entry) => [.. Enumerable.Repeat(nullEntry ? default! : entry, count)];
        return list switch
        {
            "form.needs" => StepWith(new AssessmentForm(Repeat(new AssessedNeed(ServiceType.SocialAssistance, "需要临时救助")))),
            "form.goals" => StepWith(BasePlan with { Goals = Repeat("按时就医") }),
            "form.actions" => StepWith(BasePlan with { Actions = Repeat(new PlanAction("陪同就医", PlanDue)) }),
            _ => StepWith(new ExecutionForm(Repeat(new ServiceDelivered(ServiceType.SocialAssistance, 1, ServedOn, "送米送油")))),
        };
    }

    [Theory]
    [MemberData(nameof(FormLists))]
    public void Form_lists_need_one_to_twenty_entries_each_present(string list)
    {
        AssertInvalid(StartState.InServiceAllSteps, WithList(list, 0), list);
        AssertInvalid(StartState.InServiceAllSteps, WithList(list, 21), list);
        AssertInvalid(StartState.InServiceAllSteps, WithList(list, 2, nullEntry: true), $"{list}[0]");
        Build(StartState.InServiceAllSteps).Then(WithList(list, 1), Now);
        Build(StartState.InServiceAllSteps).Then(WithList(list, 20), Now);
    }

    [Fact]
    public void A_missing_list_is_invalid_on_the_list()
    {
        AssertInvalid(StartState.InServiceAllSteps, StepWith(new AssessmentForm(null!)), "form.needs");
        AssertInvalid(StartState.InServiceAllSteps, StepWith(BasePlan with { Actions = null! }), "form.actions");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Person_times_outside_1_to_1000_are_invalid(int personTimes)
    {
        AssertInvalid(StartState.InServiceAllSteps,
            StepWith(new ExecutionForm([new ServiceDelivered(ServiceType.ElderlyAndChildCare, personTimes, ServedOn, "助餐")])),
            "form.services[0].personTimes");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Person_times_from_1_to_1000_are_kept(int personTimes)
    {
        var d = Build(StartState.InServiceAllSteps).Then(
            StepWith(new ExecutionForm([new ServiceDelivered(ServiceType.ElderlyAndChildCare, personTimes, ServedOn, "助餐")])), Now);

        Assert.Equal(personTimes, LastForm<ExecutionForm>(d).Services[0].PersonTimes);
        Assert.Equal(personTimes, d.Services[^1].PersonTimes);
    }

    [Fact]
    public void Unset_dates_are_required()
    {
        AssertInvalid(StartState.InServiceAllSteps, StepWith(BasePlan with { Actions = [new PlanAction("陪同就医", default)] }),
            "form.actions[0].due");
        AssertInvalid(StartState.InServiceAllSteps,
            StepWith(new ExecutionForm([new ServiceDelivered(ServiceType.SocialAssistance, 1, default, "送米送油")])),
            "form.services[0].on");
        AssertInvalid(StartState.InServiceAllSteps, StepWith(new FollowUpForm("稳定", default)), "form.nextFollowUpOn");
    }

    /// <summary>Now is 3 November 2026 in China; the demand was reported on 2 November.</summary>
    [Theory]
    [InlineData("2026-11-02", false)] // before the plan is recorded
    [InlineData("2026-11-03", true)]
    [InlineData("2027-11-04", true)]  // 366 days ahead
    [InlineData("2027-11-05", false)]
    public void Plan_actions_are_due_from_the_day_recorded_within_a_year(string due, bool accepted)
    {
        var command = StepWith(BasePlan with { Actions = [new PlanAction("陪同就医", DateOnly.Parse(due))] });
        AssertDate(command, accepted, "form.actions[0].due");
    }

    [Theory]
    [InlineData("2026-11-01", false)] // before the demand was reported
    [InlineData("2026-11-02", true)]
    [InlineData("2026-11-03", true)]
    [InlineData("2026-11-04", false)] // not delivered yet
    public void Services_are_delivered_between_the_report_and_today(string on, bool accepted)
    {
        var command = StepWith(new ExecutionForm([new ServiceDelivered(ServiceType.SocialAssistance, 3, DateOnly.Parse(on), "送米送油")]));
        AssertDate(command, accepted, "form.services[0].on");
    }

    private static void AssertDate(RecordStep command, bool accepted, string field)
    {
        if (accepted)
        {
            Build(StartState.InServiceAllSteps).Then(command, Now);
        }
        else
        {
            AssertInvalid(StartState.InServiceAllSteps, command, field);
        }
    }

    [Fact]
    public void Answering_needs_an_open_referral_with_that_id()
    {
        var referred = Build(StartState.InServiceReferred)!;
        AssertInvalid(referred, new AnswerReferral("", "已受理"), "referralId");
        AssertInvalid(referred, new AnswerReferral(new string('R', 51), "已受理"), "referralId");
        AssertInvalid(referred, new AnswerReferral("R9", "已受理"), "referralId");

        var answered = referred.Then(new AnswerReferral("R1", "已受理"), Now);
        var again = DemandStateMachine.Apply(answered.Then(ReferToJustice, Now), Id, new AnswerReferral("R1", "再次答复"), Dispatcher, Now);
        Assert.Equal(RefusalKind.Invalid, again.Refusal!.Kind);
        Assert.Equal("referralId", again.Refusal.Field);
        Assert.Contains("R1 to 镇司法所 was already answered", again.Refusal.Message);
        Assert.Contains("Open referrals: R2 (镇司法所).", again.Refusal.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Ratings_outside_1_to_5_are_invalid(int rating)
    {
        AssertInvalid(StartState.Closed, new RecordCallback(rating, "回访"), "rating");
    }

    [Fact]
    public void The_first_bad_field_is_the_one_reported()
    {
        // communityId is checked before description; both are wrong.
        AssertInvalid(StartState.None, BaseReport with { CommunityId = "", Description = "" }, "communityId");
    }

    [Fact]
    public void Validation_messages_name_the_field_and_do_not_echo_the_control_characters()
    {
        var result = DemandStateMachine.Apply(
            Build(StartState.Dispatched), Id, new ReturnDemand("\u001b[2J清屏"), StationHead, Now);

        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        Assert.Contains("reason", result.Refusal.Message);
        Assert.DoesNotContain('\u001b', result.Refusal.Message);
    }

    /// <summary>In service with only the assessment recorded, so grading is the next step.</summary>
    private static Demand AfterAssessment() =>
        Build(StartState.InServiceNoSteps).Then(Step(CaseworkStep.Assessment), T0.AddHours(20));

    private static void AssertInvalid(StartState state, DemandCommand command, string field) =>
        AssertInvalid(Build(state), command, field);

    private static void AssertInvalid(Demand? demand, DemandCommand command, string field)
    {
        var snapshot = Snapshot(demand);

        var result = DemandStateMachine.Apply(demand, Id, command, Dispatcher, Now);

        Assert.False(result.Succeeded, $"{command.Action} with bad {field} was accepted");
        Assert.Null(result.Demand);
        Assert.Equal(RefusalKind.Invalid, result.Refusal!.Kind);
        Assert.Equal(field, result.Refusal.Field);
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.Message));
        Assert.Equal(snapshot, Snapshot(demand));
    }
}
