using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Web.KeyPersons;

/// <summary>A person as one user may see them: the id number masked unless they work with the person, and the demands about them.</summary>
public sealed record KeyPersonView(KeyPerson Person, bool IdNumberShown, ImmutableList<Demand> Demands);

/// <summary>What the API and the screens do with the key-person register and visits, always as a given user.</summary>
public interface IKeyPersonService
{
    /// <summary>The people the user may see (a station's, or the city's when <paramref name="stationId"/> is null), by name; id numbers masked.</summary>
    Task<ImmutableList<KeyPersonSummary>> List(DispatchUser user, string? stationId = null);

    /// <summary>Null when the person does not exist or the user may not see them (the two look the same).</summary>
    Task<KeyPersonView?> Get(string personId, DispatchUser user);

    /// <summary>Registers or changes a person; refused (Forbidden) unless the user keeps that station's register.</summary>
    Task<KeyPersonResult> Save(KeyPersonDetails details, DispatchUser user);

    /// <summary>Records a visit by the user (a worker covering the person).</summary>
    Task<KeyPersonResult> RecordVisit(string personId, RecordVisit visit, DispatchUser user);

    /// <summary>This month's visit plan of the people the user may see (a worker: those they cover), most behind first.</summary>
    Task<ImmutableList<VisitDue>> Plan(DispatchUser user, string? stationId = null);

    /// <summary>This month's visit rates over the people the user may see.</summary>
    Task<VisitRateReport> Rates(DispatchUser user);

    /// <summary>Whole entries, id numbers in full, for an export; null unless the user keeps that station's register.</summary>
    Task<ImmutableList<KeyPerson>?> Export(string stationId, DispatchUser user);
}
