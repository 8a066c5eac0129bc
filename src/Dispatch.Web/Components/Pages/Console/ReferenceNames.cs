using System.Globalization;
using Dispatch.Contracts.Directory;

namespace Dispatch.Web.Components.Pages.Console;

/// <summary>Names people read for the ids demands carry; an id that is not (or no longer) in the directory shows as itself.</summary>
public static class ReferenceNames
{
    public static string CommunityName(this ReferenceData reference, string id) => reference.FindCommunity(id)?.Name ?? id;

    public static string StationName(this ReferenceData reference, string? id) =>
        id is null ? "—" : reference.FindStation(id)?.Name ?? id;

    public static string WorkerName(this ReferenceData reference, string? id) =>
        id is null ? "—" : reference.FindWorker(id)?.Name ?? id;

    public static string CategoryName(this ReferenceData reference, string id) =>
        reference.FindCategory(id) is { } category ? category.DisplayName() : id;

    /// <summary>Categories are configuration with a name in each language; Chinese unless the user reads English.</summary>
    public static string DisplayName(this PersonCategory category) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? category.NameEn : category.NameZh;
}
