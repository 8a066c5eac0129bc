using Dispatch.Contracts.Demands;
using Dispatch.Contracts.KeyPersons;

namespace Dispatch.Contracts.Reports;

/// <summary>
/// Everything a monthly report is computed from: the demand summaries (with the services delivered and resources
/// linked their casework recorded) and the key persons (for the visit rate).
/// </summary>
public sealed record ReportInputs(IReadOnlyCollection<DemandSummary> Demands, IReadOnlyCollection<KeyPersonSummary> Persons);
