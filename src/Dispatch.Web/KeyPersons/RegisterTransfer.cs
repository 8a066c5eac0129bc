using System.Collections.Immutable;
using System.Globalization;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Directory;
using Dispatch.Contracts.KeyPersons;
using Dispatch.Web.Spreadsheets;

namespace Dispatch.Web.KeyPersons;

public enum RegisterFormat { Xlsx, Csv }

/// <summary>Why a user may not import or export a station's register.</summary>
public enum RegisterDenial { Forbidden, UnknownStation }

/// <summary>A download: its name, type and bytes.</summary>
public sealed record RegisterFile(string FileName, string ContentType, byte[] Content);

/// <summary>A person of the report as the uploader sees them: the id number masked, like everywhere outside an export.</summary>
public sealed record ImportedPersonLine(string Name, string MaskedIdNumber, ImmutableList<int> Lines, RegisterChange Change);

/// <summary>Where an import stopped: the first line of the person not saved, and why. <see cref="Refused"/>: the register said no; else it did not answer.</summary>
public sealed record ImportStop(int Line, string Reason, bool Refused);

/// <summary>
/// What became of an upload. A dry run (and a refused file) counts what an import would create, update and leave
/// unchanged; an import counts what it did. <see cref="FileError"/> means the file could not be read at all.
/// </summary>
public sealed record RegisterImportResult(
    string FileName,
    bool DryRun,
    string? FileError,
    int Rows,
    ImmutableList<ImportProblem> Problems,
    ImmutableList<ImportedPersonLine> People,
    int Created,
    int Updated,
    int Unchanged,
    bool Imported,
    ImmutableList<int> SavedLines,
    ImportStop? Stopped)
{
    public bool Clean => FileError is null && Problems.IsEmpty;

    /// <summary>Lines that merged into one person, for the report to name.</summary>
    public IEnumerable<ImportedPersonLine> Merged => People.Where(p => p.Lines.Count > 1);
}

/// <summary>
/// Imports and exports a station's key-person register as a file, for the API and the register page alike. Every
/// change goes through <see cref="IKeyPersonService.Save"/> as the user, one person at a time, and only from a file
/// with no problems at all.
/// </summary>
public static class RegisterTransfer
{
    /// <summary>Null when the user may import and export the station's register.</summary>
    public static RegisterDenial? Denial(ReferenceData reference, string stationId, DispatchUser user) =>
        !AccessPolicy.CanEditRegister(user, stationId) ? RegisterDenial.Forbidden
        : reference.FindStation(stationId) is null ? RegisterDenial.UnknownStation
        : null;

    /// <summary>
    /// Reads the file and checks it against the register; unless <paramref name="dryRun"/>, saves its people when it is
    /// clean. Saving what is already registered changes nothing, so after a stop the same file can simply be imported again.
    /// </summary>
    public static async Task<RegisterImportResult> Import(
        IKeyPersonService keyPersons, ReferenceData reference, string stationId, string fileName, Stream content,
        bool dryRun, DispatchUser user, ILogger logger, CancellationToken cancellation = default)
    {
        IReadOnlyList<SheetRow> rows;
        try
        {
            rows = await SheetReader.Read(fileName, content, cancellation);
        }
        catch (SheetFileException e)
        {
            return new(fileName, dryRun, e.Message, 0, [], [], 0, 0, 0, false, [], null);
        }
        var report = RegisterImport.Check(rows, stationId, await Registered(keyPersons, stationId, user), reference);
        var checkedOnly = new RegisterImportResult(fileName, dryRun, null, report.Rows, report.Problems,
            [.. report.People.Select(p => new ImportedPersonLine(p.Details.Name, IdNumbers.Mask(p.Details.IdNumber), p.Lines, p.Change))],
            report.Count(RegisterChange.New), report.Count(RegisterChange.Updated), report.Count(RegisterChange.Unchanged), false, [], null);
        if (dryRun || !report.IsClean)
        {
            return checkedOnly;
        }

        var saved = ImmutableList.CreateBuilder<int>();
        var created = 0;
        var updated = 0;
        foreach (var person in report.People.Where(p => p.Change != RegisterChange.Unchanged))
        {
            ImportStop? stop;
            try
            {
                // Not cancelled with the request: a person half-way through a file is better saved than abandoned.
                var result = await keyPersons.Save(person.Details, user);
                stop = result.Refusal is { } refusal ? new ImportStop(person.Lines[0], refusal.Message, Refused: true) : null;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Import of {File} into station {Station} stopped at line {Line}", fileName, stationId, person.Lines[0]);
                stop = new ImportStop(person.Lines[0], "the register did not answer (storage or cluster unavailable).", Refused: false);
            }
            if (stop is not null)
            {
                return checkedOnly with { Created = created, Updated = updated, SavedLines = saved.ToImmutable(), Stopped = stop };
            }
            saved.AddRange(person.Lines);
            created += person.Change == RegisterChange.New ? 1 : 0;
            updated += person.Change == RegisterChange.Updated ? 1 : 0;
        }
        return checkedOnly with { Created = created, Updated = updated, Imported = true, SavedLines = saved.ToImmutable() };
    }

    /// <summary>
    /// The whole register with id numbers in full, in the import's columns and the user's language (headers, category
    /// names and risk levels), so the file can be edited and imported again.
    /// </summary>
    public static async Task<RegisterFile> Export(
        IKeyPersonService keyPersons, ReferenceData reference, string stationId, RegisterFormat format, DispatchUser user, DateOnly today)
    {
        var people = await Registered(keyPersons, stationId, user);
        var inChinese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
        var stationName = reference.FindStation(stationId)?.Name ?? stationId;
        var table = new SheetTable(
            inChinese ? "重点人群名册" : "Key persons",
            RegisterExport.Header(inChinese),
            [.. RegisterExport.Rows(people, stationId, reference, inChinese).Select(row => (IReadOnlyList<object?>)row)]);
        var name = inChinese ? $"{stationName}-重点人群名册-{today:yyyy-MM-dd}" : $"key-persons-{stationId}-{today:yyyy-MM-dd}";
        using var content = new MemoryStream();
        if (format == RegisterFormat.Xlsx)
        {
            SheetWriter.WriteXlsx([table], content);
            return new RegisterFile(name + ".xlsx", SheetWriter.XlsxContentType, content.ToArray());
        }
        SheetWriter.WriteCsv(table, content);
        return new RegisterFile(name + ".csv", SheetWriter.CsvContentType, content.ToArray());
    }

    /// <summary>The station's people in full; callers have checked <see cref="Denial"/>, so a refusal here is a bug.</summary>
    private static async Task<ImmutableList<KeyPerson>> Registered(IKeyPersonService keyPersons, string stationId, DispatchUser user) =>
        await keyPersons.Export(stationId, user)
        ?? throw new InvalidOperationException($"The register service refused {user.UserName} the register of {stationId} that the access policy allows.");
}
