using Dispatch.Contracts.Access;
using Dispatch.Web.Demands;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Spreadsheets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Dispatch.Web.Components.Pages.KeyPersons;

/// <summary>
/// Imports a register file into the station's register after a dry run found no problem, and links the register's
/// export. Closes with whether anything was imported, so the page knows to reload its list.
/// </summary>
public partial class RegisterImportDialog
{
    private string? fileName;
    private byte[]? content;
    private string? fileError;
    private RegisterImportResult? result;
    private bool imported;
    private bool busy;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public string StationId { get; set; } = default!;

    [Parameter, EditorRequired] public DispatchUser User { get; set; } = default!;

    [Inject] private IKeyPersonService KeyPersons { get; set; } = default!;

    [Inject] private IDemandService Demands { get; set; } = default!;

    [Inject] private ILogger<RegisterImportDialog> Logger { get; set; } = default!;

    [Inject] private IStringLocalizer<RegisterImportDialog> T { get; set; } = default!;

    /// <summary>Only the file the last dry run found clean, and only once.</summary>
    private bool CanImport => result is { DryRun: true, Clean: true } && !busy;

    private string ExportUrl(RegisterFormat format) =>
        $"/api/stations/{Uri.EscapeDataString(StationId)}/key-persons/export.{format.ToString().ToLowerInvariant()}";

    /// <summary>Keeps the file in memory: the dry run and the import must read the very same bytes.</summary>
    private async Task Pick(IBrowserFile? file)
    {
        (fileName, content, fileError, result) = (file?.Name, null, null, null);
        if (file is null)
        {
            return;
        }
        if (file.Size > SheetReader.MaxBytes)
        {
            fileError = T["TooLarge", SheetReader.MaxBytes / 1024 / 1024].Value;
            return;
        }
        using var buffer = new MemoryStream();
        await using var stream = file.OpenReadStream(SheetReader.MaxBytes);
        await stream.CopyToAsync(buffer);
        content = buffer.ToArray();
    }

    private Task DryRun() => Run(dryRun: true);

    private Task Import() => Run(dryRun: false);

    private async Task Run(bool dryRun)
    {
        if (content is null || fileName is null)
        {
            return;
        }
        busy = true;
        try
        {
            var reference = await Demands.Reference();
            result = await RegisterTransfer.Import(KeyPersons, reference, StationId, fileName, new MemoryStream(content, writable: false),
                dryRun, User, Logger);
            fileError = result.FileError is { } error ? T["FileError", error].Value : null;
            imported |= result.SavedLines.Count > 0;
        }
        finally
        {
            busy = false;
        }
    }

    private void Close() => Dialog.Close(DialogResult.Ok(imported));
}
