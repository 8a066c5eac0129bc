using Dispatch.Contracts.Directory;
using Dispatch.Web.Localization;

namespace Dispatch.Web.Components.Pages.Admin;

// Inside the namespace, so it wins over the sibling namespace Pages.Station.
using Station = Dispatch.Contracts.Directory.Station;

// Directory entries are immutable records; the edit forms bind to these mutable copies and turn them back into entries
// (trimmed) only to check and save them.

public sealed class StationForm
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string HeadName { get; set; } = "";
    public string Phone { get; set; } = "";
    public string TimeZone { get; set; } = StationTime.DefaultZone;

    public static StationForm Of(Station station) => new()
    {
        Id = station.Id, Name = station.Name, HeadName = station.HeadName, Phone = station.Phone, TimeZone = station.TimeZone,
    };

    public Station ToEntry() => new(Id.Trim(), Name.Trim(), HeadName.Trim(), Phone.Trim(), TimeZone.Trim());
}

public sealed class CommunityForm
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string StationId { get; set; } = "";
    public CommunityKind Kind { get; set; }

    public static CommunityForm Of(Community community) => new()
    {
        Id = community.Id, Name = community.Name, StationId = community.StationId, Kind = community.Kind,
    };

    public Community ToEntry() => new(Id.Trim(), Name.Trim(), StationId, Kind);
}

public sealed class WorkerForm
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string StationId { get; set; } = "";
    public Certification Certification { get; set; }
    public IReadOnlyCollection<string> CommunityIds { get; set; } = [];
    public string Phone { get; set; } = "";
    public bool IsActive { get; set; } = true;

    public static WorkerForm Of(SocialWorker worker) => new()
    {
        Id = worker.Id, Name = worker.Name, StationId = worker.StationId, Certification = worker.Certification,
        CommunityIds = worker.CommunityIds, Phone = worker.Phone, IsActive = worker.IsActive,
    };

    public SocialWorker ToEntry() => new(Id.Trim(), Name.Trim(), StationId, Certification, [.. CommunityIds], Phone.Trim(), IsActive);
}

public sealed class CategoryForm
{
    public string Id { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string NameEn { get; set; } = "";
    public bool IsTemporary { get; set; }
    public int VisitsPerMonth { get; set; } = 1;

    public static CategoryForm Of(PersonCategory category) => new()
    {
        Id = category.Id, NameZh = category.NameZh, NameEn = category.NameEn, IsTemporary = category.IsTemporary,
        VisitsPerMonth = category.VisitsPerMonth,
    };

    public PersonCategory ToEntry() => new(Id.Trim(), NameZh.Trim(), NameEn.Trim(), IsTemporary, VisitsPerMonth);
}
