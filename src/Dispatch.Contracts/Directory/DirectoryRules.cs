using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Dispatch.Contracts.Directory;

/// <summary>Why an administrator's edit of the directory cannot be saved.</summary>
public enum DirectoryProblemKind
{
    /// <summary>The field is empty.</summary>
    Required,
    /// <summary>An id is not letters, digits, '-' or '_' (ids appear in addresses and never change).</summary>
    InvalidId,
    /// <summary>A new entry takes an id that is already used.</summary>
    DuplicateId,
    /// <summary>An edit names an entry that does not exist.</summary>
    UnknownId,
    UnknownStation,
    UnknownCommunity,
    UnknownTimeZone,
    /// <summary>A worker would cover a community of another station.</summary>
    CommunityOfOtherStation,
    /// <summary>A community would move to another station while workers of its old station still cover it.</summary>
    CoveredByOtherStation,
    /// <summary>A value given twice where each may appear once.</summary>
    Repeated,
    /// <summary>A number outside its allowed range.</summary>
    OutOfRange,
}

/// <summary>One problem of an edit: the field it is about, what kind, and an English message for logs and the API.</summary>
public sealed record DirectoryProblem(string Field, DirectoryProblemKind Kind, string Message);

/// <summary>
/// The rules an administrator's edit must meet, as pure functions: the admin screen shows the problems beside the
/// fields, and the directory grain applies the same rules before it writes. An entry's id is fixed once created, since
/// demands, users and other entries refer to it.
/// </summary>
public static partial class DirectoryRules
{
    public const int MaxIdLength = 64;

    /// <summary>Problems of adding (<paramref name="isNew"/>) or changing a station; empty when it may be saved.</summary>
    public static ImmutableList<DirectoryProblem> Check(ReferenceData data, Station station, bool isNew)
    {
        var problems = IdProblems(station.Id, isNew, data.FindStation(station.Id) is not null);
        Require(problems, "name", station.Name);
        Require(problems, "headName", station.HeadName);
        if (Require(problems, "timeZone", station.TimeZone) && !IsKnownTimeZone(station.TimeZone))
        {
            problems.Add(new("timeZone", DirectoryProblemKind.UnknownTimeZone, $"unknown time zone '{station.TimeZone}'."));
        }
        return problems.ToImmutable();
    }

    /// <summary>Problems of adding or changing a community; it may move station only when none of its covering workers are left behind.</summary>
    public static ImmutableList<DirectoryProblem> Check(ReferenceData data, Community community, bool isNew)
    {
        var problems = IdProblems(community.Id, isNew, data.FindCommunity(community.Id) is not null);
        Require(problems, "name", community.Name);
        if (Require(problems, "stationId", community.StationId))
        {
            if (data.FindStation(community.StationId) is null)
            {
                problems.Add(new("stationId", DirectoryProblemKind.UnknownStation, $"unknown station '{community.StationId}'."));
            }
            else if (data.Workers.Where(w => w.StationId != community.StationId && w.CommunityIds.Contains(community.Id))
                         .Select(w => w.Id).ToList() is { Count: > 0 } stranded)
            {
                problems.Add(new("stationId", DirectoryProblemKind.CoveredByOtherStation,
                    $"workers of another station still cover this community ({string.Join(", ", stranded)}): change their communities first."));
            }
        }
        return problems.ToImmutable();
    }

    /// <summary>Problems of adding or changing a worker: every covered community must exist and belong to the worker's station.</summary>
    public static ImmutableList<DirectoryProblem> Check(ReferenceData data, SocialWorker worker, bool isNew)
    {
        var problems = IdProblems(worker.Id, isNew, data.FindWorker(worker.Id) is not null);
        Require(problems, "name", worker.Name);
        var stationKnown = false;
        if (Require(problems, "stationId", worker.StationId))
        {
            stationKnown = data.FindStation(worker.StationId) is not null;
            if (!stationKnown)
            {
                problems.Add(new("stationId", DirectoryProblemKind.UnknownStation, $"unknown station '{worker.StationId}'."));
            }
        }
        if (worker.CommunityIds.Distinct().Count() != worker.CommunityIds.Count)
        {
            problems.Add(new("communityIds", DirectoryProblemKind.Repeated, "a community is listed more than once."));
        }
        foreach (var id in worker.CommunityIds.Distinct())
        {
            var community = data.FindCommunity(id);
            if (community is null)
            {
                problems.Add(new("communityIds", DirectoryProblemKind.UnknownCommunity, $"unknown community '{id}'."));
            }
            else if (stationKnown && community.StationId != worker.StationId)
            {
                problems.Add(new("communityIds", DirectoryProblemKind.CommunityOfOtherStation,
                    $"community '{id}' belongs to station '{community.StationId}', not '{worker.StationId}'."));
            }
        }
        return problems.ToImmutable();
    }

    /// <summary>Problems of adding or changing a key-person category: an id, both names and a visit frequency.</summary>
    public static ImmutableList<DirectoryProblem> Check(ReferenceData data, PersonCategory category, bool isNew)
    {
        var problems = IdProblems(category.Id, isNew, data.FindCategory(category.Id) is not null);
        Require(problems, "nameZh", category.NameZh);
        Require(problems, "nameEn", category.NameEn);
        if (category.VisitsPerMonth is < 1 or > PersonCategory.MaxVisitsPerMonth)
        {
            problems.Add(new("visitsPerMonth", DirectoryProblemKind.OutOfRange,
                $"visitsPerMonth must be from 1 to {PersonCategory.MaxVisitsPerMonth}."));
        }
        return problems.ToImmutable();
    }

    /// <summary>The data with the station added at the end, or replaced where it was.</summary>
    public static ReferenceData With(ReferenceData data, Station station) =>
        data with { Stations = Upsert(data.Stations, station, s => s.Id == station.Id) };

    public static ReferenceData With(ReferenceData data, Community community) =>
        data with { Communities = Upsert(data.Communities, community, c => c.Id == community.Id) };

    public static ReferenceData With(ReferenceData data, SocialWorker worker) =>
        data with { Workers = Upsert(data.Workers, worker, w => w.Id == worker.Id) };

    public static ReferenceData With(ReferenceData data, PersonCategory category) =>
        data with { Categories = Upsert(data.Categories, category, c => c.Id == category.Id) };

    /// <summary>One line for the grain's answer: every problem's field and message.</summary>
    public static string? Describe(IReadOnlyCollection<DirectoryProblem> problems) =>
        problems.Count == 0 ? null : string.Join(" ", problems.Select(p => $"{p.Field}: {p.Message}"));

    public static bool IsValidId(string id) => id.Length <= MaxIdLength && IdPattern().IsMatch(id);

    public static bool IsKnownTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    private static ImmutableList<DirectoryProblem>.Builder IdProblems(string id, bool isNew, bool exists)
    {
        var problems = ImmutableList.CreateBuilder<DirectoryProblem>();
        if (!Require(problems, "id", id))
        {
            return problems;
        }
        if (!IsValidId(id))
        {
            problems.Add(new("id", DirectoryProblemKind.InvalidId,
                $"'{id}' is not an id: use up to {MaxIdLength} letters, digits, '-' or '_'."));
        }
        else if (isNew && exists)
        {
            problems.Add(new("id", DirectoryProblemKind.DuplicateId, $"'{id}' is already used."));
        }
        else if (!isNew && !exists)
        {
            problems.Add(new("id", DirectoryProblemKind.UnknownId, $"'{id}' does not exist."));
        }
        return problems;
    }

    /// <summary>Adds a Required problem for an empty value; true when the value is there.</summary>
    private static bool Require(ImmutableList<DirectoryProblem>.Builder problems, string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        problems.Add(new(field, DirectoryProblemKind.Required, $"{field} is required."));
        return false;
    }

    private static ImmutableList<T> Upsert<T>(ImmutableList<T> list, T item, Predicate<T> same)
    {
        var index = list.FindIndex(same);
        return index < 0 ? list.Add(item) : list.SetItem(index, item);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex IdPattern();
}
