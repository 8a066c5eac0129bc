using System.Collections.Immutable;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Web.DirectoryAdmin;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Admin;

/// <summary>
/// What every directory tab does with one kind of entry: list them, open a form to add or edit one, check it with
/// <see cref="DirectoryRules"/> (problems shown beside the fields, nothing sent), then save it through the admin service.
/// The tab's data is replaced when the directory changes; an open form keeps its own copy.
/// </summary>
public abstract class DirectoryEditor<TEntry, TForm> : ComponentBase where TForm : class
{
    [Parameter, EditorRequired] public ReferenceData Data { get; set; } = ReferenceData.Empty;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Inject] protected IDirectoryAdminService Admin { get; set; } = default!;

    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    [Inject] protected IStringLocalizer<AdminPage> T { get; set; } = default!;

    [Inject] protected IStringLocalizer<SharedResource> L { get; set; } = default!;

    /// <summary>The open form, or null when none is open.</summary>
    protected TForm? Form { get; private set; }

    protected bool IsNew { get; private set; }

    protected ImmutableList<DirectoryProblem> Problems { get; private set; } = [];

    /// <summary>Why the directory refused a save that looked fine here (someone else changed it meanwhile).</summary>
    protected string? Refusal { get; private set; }

    protected bool Saving { get; private set; }

    protected string EditorTitle => IsNew ? T["EditorNew"].Value : T["EditorEdit", editedId].Value;

    private string editedId = "";

    protected abstract TForm Blank();

    protected abstract TForm FormOf(TEntry entry);

    protected abstract TEntry EntryOf(TForm form);

    protected abstract string IdOf(TEntry entry);

    protected abstract ImmutableList<DirectoryProblem> Check(TEntry entry, bool isNew);

    protected abstract Task<string?> Write(TEntry entry, bool isNew);

    protected void StartNew() => Open(Blank(), isNew: true, id: "");

    protected void StartEdit(TEntry entry) => Open(FormOf(entry), isNew: false, IdOf(entry));

    protected void CloseEditor()
    {
        Form = null;
        Problems = [];
        Refusal = null;
    }

    protected async Task Save()
    {
        if (Form is null || Saving)
        {
            return;
        }
        var entry = EntryOf(Form);
        Refusal = null;
        Problems = Check(entry, IsNew);
        if (!Problems.IsEmpty)
        {
            return;
        }
        Saving = true;
        try
        {
            Refusal = await Write(entry, IsNew);
        }
        finally
        {
            Saving = false;
        }
        if (Refusal is null)
        {
            Snackbar.Add(L["Saved"], Severity.Success);
            CloseEditor();
        }
    }

    /// <summary>The first problem of a field, in the user's language; null when the field is fine.</summary>
    protected string? ErrorOf(string field)
    {
        if (Problems.Find(p => p.Field == field) is not { } problem)
        {
            return null;
        }
        return problem.Kind == DirectoryProblemKind.InvalidId
            ? T["Problem.InvalidId", DirectoryRules.MaxIdLength].Value
            : T[$"Problem.{problem.Kind}"].Value;
    }

    protected string StationName(string stationId) => Data.FindStation(stationId)?.Name ?? stationId;

    protected string CommunityName(string communityId) => Data.FindCommunity(communityId)?.Name ?? communityId;

    private void Open(TForm form, bool isNew, string id)
    {
        CloseEditor();
        Form = form;
        IsNew = isNew;
        editedId = id;
    }
}
