using Dispatch.Contracts.Access;
using Dispatch.Contracts;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Contracts.Validation;
using Dispatch.Grains;
using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Demands;

namespace Dispatch.Web.KeyPersons;

public static class KeyPersonEndpoints
{
    public static IEndpointRouteBuilder MapKeyPersonEndpoints(this IEndpointRouteBuilder app)
    {
        // Every signed-in role reads what AccessPolicy lets it see; changes are checked per user and person.
        var people = app.MapGroup("/api/key-persons").WithTags("Key persons").RequireAuthorization(DispatchPolicies.SignedIn);

        people.MapGet("/", async (string? station, IKeyPersonService service, HttpContext http) =>
                Results.Ok(await service.List(CurrentUser.From(http), station)))
            .WithSummary("The key persons the user may see, id numbers masked.");

        people.MapGet("/{id}", async (string id, IKeyPersonService service, HttpContext http) =>
                await service.Get(id, CurrentUser.From(http)) is { } view ? Results.Ok(view) : DemandResults.NotFound("key person"))
            .WithSummary("A key person with their visits and the demands about them; the id number in full only for those who work with them.");

        people.MapPost("/", async (KeyPersonRequest request, IKeyPersonService service, IDemandService demands, HttpContext http) =>
            {
                var (details, missing) = request.ToDetails();
                if (details is null)
                {
                    return Invalid(missing);
                }
                // Every problem at once, as the register's screen shows them; the person's grain checks again.
                if (KeyPersonRules.Check(details, await demands.Reference()) is { IsEmpty: false } problems)
                {
                    return Invalid(problems);
                }
                return From(await service.Save(details, CurrentUser.From(http)));
            })
            .WithSummary("Register a key person, or change their entry (the id number identifies them).");

        people.MapPost("/{id}/visits", async (
                string id, VisitRequest request, IKeyPersonService service, [FromKeyedServices(DomainClock.Key)] TimeProvider clock,
                HttpContext http) =>
            {
                var user = CurrentUser.From(http);
                if (await service.Get(id, user) is null)
                {
                    return DemandResults.NotFound("key person");
                }
                var (visit, missing) = request.ToVisit();
                if (visit is null)
                {
                    return Invalid(missing);
                }
                if (KeyPersonRules.Check(visit, ChinaCalendar.DateOf(clock.GetUtcNow())) is { IsEmpty: false } problems)
                {
                    return Invalid(problems);
                }
                return From(await service.RecordVisit(id, visit, user));
            })
            .WithSummary("Record a visit (走访); each need found becomes a demand about the person.");

        var visits = app.MapGroup("/api/visits").WithTags("Key persons").RequireAuthorization(DispatchPolicies.SignedIn);

        visits.MapGet("/plan", async (string? station, IKeyPersonService service, HttpContext http) =>
                Results.Ok(await service.Plan(CurrentUser.From(http), station)))
            .WithSummary("This month's visit plan of the people the user may see, most behind first.");

        visits.MapGet("/rates", async (IKeyPersonService service, HttpContext http) =>
                Results.Ok(await service.Rates(CurrentUser.From(http))))
            .WithSummary("This month's visit rates (走访率) by station, community and worker.");
        return app;
    }

    private static IResult From(KeyPersonResult result) => result switch
    {
        { Person: { } person } => Results.Ok(person.ToSummary()),
        { Refusal: { Kind: RefusalKind.Forbidden } refusal } => DemandResults.Forbidden(refusal.Message, refusal.Denial ?? AccessDenial.Role),
        { Refusal: { Kind: RefusalKind.NotFound } } => DemandResults.NotFound("key person"),
        { Refusal: { } refusal } => Invalid(new Dictionary<string, string[]> { [refusal.Field ?? "request"] = [refusal.Message] }),
        _ => throw new InvalidOperationException("A result has a person or a refusal."),
    };

    private static IResult Invalid(IReadOnlyCollection<FieldProblem> problems) =>
        Invalid(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));

    private static IResult Invalid(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request has invalid fields.");
}
