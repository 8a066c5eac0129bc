using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.Sla;
using Dispatch.Web.DirectoryAdmin;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.Admin;

/// <summary>
/// The SLA targets per urgency, in minutes or hours. Checked with <see cref="SlaTargets.Problem"/> before saving, one
/// urgency at a time so the message names the row to fix.
/// </summary>
public partial class SlaTab
{
    private List<SlaRow> rows = [];
    private SlaTargets? shown;
    private HashSet<Urgency> problems = [];
    private string? refusal;
    private bool saving;

    [Parameter, EditorRequired] public ReferenceData Data { get; set; } = ReferenceData.Empty;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Inject] private IDirectoryAdminService Admin { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IStringLocalizer<AdminPage> T { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    // Unsaved edits survive unrelated directory changes; new targets saved elsewhere replace them.
    protected override void OnParametersSet()
    {
        if (Data.Sla != shown)
        {
            Reset();
        }
    }

    private void Reset()
    {
        shown = Data.Sla;
        rows = [.. Enum.GetValues<Urgency>().Select(u => new SlaRow(u, SlaDuration.Of(shown.For(u).AcceptWithin), SlaDuration.Of(shown.For(u).ContactWithin)))];
        problems = [];
        refusal = null;
    }

    private async Task Save()
    {
        var targets = Targets();
        refusal = null;
        // SlaTargets.Problem() checks every urgency; asking it about one target at a time tells which row is wrong.
        problems = [.. rows.Where(r => new SlaTargets(r.Target, r.Target, r.Target).Problem() is not null).Select(r => r.Urgency)];
        if (problems.Count > 0 || targets.Problem() is not null)
        {
            return;
        }
        saving = true;
        try
        {
            refusal = await Admin.SaveSla(targets, User);
        }
        finally
        {
            saving = false;
        }
        if (refusal is null)
        {
            Snackbar.Add(L["Saved"], Severity.Success);
        }
    }

    private SlaTargets Targets()
    {
        SlaTarget Of(Urgency urgency) => rows.Single(r => r.Urgency == urgency).Target;
        return new SlaTargets(Of(Urgency.Urgent), Of(Urgency.Normal), Of(Urgency.Routine));
    }

    private sealed record SlaRow(Urgency Urgency, SlaDuration Accept, SlaDuration Contact)
    {
        public SlaTarget Target => new(Accept.ToTimeSpan(), Contact.ToTimeSpan());
    }
}

public enum SlaUnit { Minutes, Hours }

/// <summary>An SLA target as an administrator types it: an amount and a unit.</summary>
public sealed class SlaDuration
{
    public int Amount { get; set; }

    public SlaUnit Unit { get; set; }

    /// <summary>Whole hours are shown in hours, anything else in minutes.</summary>
    public static SlaDuration Of(TimeSpan span) => span.Ticks % TimeSpan.TicksPerHour == 0
        ? new SlaDuration { Amount = (int)span.TotalHours, Unit = SlaUnit.Hours }
        : new SlaDuration { Amount = (int)span.TotalMinutes, Unit = SlaUnit.Minutes };

    public TimeSpan ToTimeSpan() => Unit == SlaUnit.Hours ? TimeSpan.FromHours(Amount) : TimeSpan.FromMinutes(Amount);
}
