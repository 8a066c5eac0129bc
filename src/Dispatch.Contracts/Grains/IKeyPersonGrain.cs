using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Contracts.Grains;

/// <summary>One grain per key person, keyed by <see cref="IdNumbers.PersonIdOf"/>: the only writer of the person's entry and visits.</summary>
public interface IKeyPersonGrain : IGrainWithStringKey
{
    Task<KeyPerson?> Get();

    /// <summary>Registers the person or changes their entry (the id number must match the grain's key).</summary>
    Task<KeyPersonResult> Save(KeyPersonDetails details, DispatchUser user);

    /// <summary>Records a visit by a worker covering the person; each need found becomes a demand about the person.</summary>
    Task<KeyPersonResult> RecordVisit(RecordVisit visit, DispatchUser user);
}

/// <summary>One grain per station, keyed by station id: the summaries of the station's key persons, for visit plans and KPIs.</summary>
public interface IKeyPersonRegisterGrain : IGrainWithStringKey
{
    /// <summary>Keeps the summary when the person belongs to this station, drops them otherwise; older versions are ignored.</summary>
    Task Track(KeyPersonSummary summary);

    Task<ImmutableList<KeyPersonSummary>> List();
}
