using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Grains;
using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Demands;
using Dispatch.Web.Spreadsheets;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Web.KeyPersons;

public static class RegisterEndpoints
{
    /// <summary>The form field the file comes in.</summary>
    public const string FileField = "file";

    /// <summary>
    /// <c>POST /api/stations/{stationId}/key-persons/import?dryRun=</c> (multipart, field <c>file</c>) and
    /// <c>GET …/export.xlsx</c>, <c>…/export.csv</c>: for the station's head and admins
    /// (<see cref="AccessPolicy.CanEditRegister"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapRegisterEndpoints(this IEndpointRouteBuilder app)
    {
        var register = app.MapGroup("/api/stations/{stationId}/key-persons").WithTags("Key persons")
            .RequireAuthorization(DispatchPolicies.SignedIn);

        register.MapPost("/import", Import)
            // The form is read by hand so bearer-token scripts need no antiforgery token; screens' cookies still do (below).
            .DisableAntiforgery()
            // A little over the file limit, for the multipart framing; larger bodies are cut off before they are buffered.
            .WithMetadata(new RequestSizeLimitAttribute(SheetReader.MaxBytes + 64 * 1024))
            // No Accepts(multipart): routing would then answer another body 415 before authorization could answer 403.
            .Produces<RegisterImportResult>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Check (dryRun=true, the default) or import a register file (.xlsx or .csv) sent as multipart/form-data in the field 'file'; nothing is imported from a file with any problem.");

        MapExport(register, RegisterFormat.Xlsx, "The station's whole register as an Excel workbook, in the import's columns, id numbers in full.");
        MapExport(register, RegisterFormat.Csv, "The station's whole register as CSV (UTF-8), in the import's columns, id numbers in full.");
        return app;
    }

    private static async Task<IResult> Import(
        string stationId, HttpContext http, [FromServices] IKeyPersonService keyPersons, IDemandService demands,
        IAntiforgery antiforgery, ILoggerFactory loggers, bool dryRun = true)
    {
        var user = CurrentUser.From(http);
        var reference = await demands.Reference();
        if (Refused(RegisterTransfer.Denial(reference, stationId, user), user) is { } refused)
        {
            return refused;
        }
        // A bearer token is never sent by a browser on its own; a cookie is, so a cookie-signed upload must prove it
        // comes from our own page, or another site could import into the register in the user's name.
        if (http.User.Identity?.AuthenticationType != JwtBearerDefaults.AuthenticationScheme && !await antiforgery.IsRequestValidAsync(http))
        {
            return BadRequest("A valid antiforgery token is required.", "Upload from the register page, or send a bearer token.");
        }
        IFormCollection? form = null;
        try
        {
            form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A form without its boundary, or cut short, is the sender's fault, not the server's.
            return BadRequest("The form could not be read.", e.Message);
        }
        if (form?.Files.GetFile(FileField) is not { } file)
        {
            return BadRequest("No file was uploaded.", $"Upload the register as multipart/form-data with the file in a field named '{FileField}'.");
        }
        if (file.Length > SheetReader.MaxBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The file is too large.",
                detail: $"The file is larger than {SheetReader.MaxBytes / 1024 / 1024} MB: split it into several files.");
        }
        await using var content = file.OpenReadStream();
        var result = await RegisterTransfer.Import(keyPersons, reference, stationId, file.FileName, content, dryRun, user,
            loggers.CreateLogger(typeof(RegisterEndpoints)), http.RequestAborted);
        var extensions = new Dictionary<string, object?> { ["report"] = result };
        return result switch
        {
            { FileError: { } error } => BadRequest("The file could not be read.", error),
            { DryRun: true } or { Imported: true } => Results.Ok(result),
            { Stopped: { } stop } => Results.Problem(
                statusCode: stop.Refused ? StatusCodes.Status409Conflict : StatusCodes.Status503ServiceUnavailable,
                title: "The import stopped part-way.",
                detail: $"Saving stopped at line {stop.Line}: {stop.Reason} The {result.SavedLines.Count} lines before it were saved. "
                        + "Importing is repeatable: once the cause is fixed, import the same file again and saved lines stay as they are.",
                extensions: extensions),
            _ => Results.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The file has problems: nothing was imported.",
                detail: $"{result.Problems.Count} problems on {result.Problems.Select(p => p.Line).Distinct().Count()} lines; fix them all and import the file again.",
                extensions: extensions),
        };
    }

    private static void MapExport(RouteGroupBuilder register, RegisterFormat format, string summary) =>
        register.MapGet($"/export.{format.ToString().ToLowerInvariant()}", (string stationId, HttpContext http,
                [FromServices] IKeyPersonService keyPersons, IDemandService demands, [FromKeyedServices(DomainClock.Key)] TimeProvider clock) =>
                Export(stationId, format, http, keyPersons, demands, clock))
            .WithSummary(summary);

    private static async Task<IResult> Export(
        string stationId, RegisterFormat format, HttpContext http, IKeyPersonService keyPersons, IDemandService demands, TimeProvider clock)
    {
        var user = CurrentUser.From(http);
        var reference = await demands.Reference();
        if (Refused(RegisterTransfer.Denial(reference, stationId, user), user) is { } refused)
        {
            return refused;
        }
        var file = await RegisterTransfer.Export(keyPersons, reference, stationId, format, user, Contracts.ChinaCalendar.DateOf(clock.GetUtcNow()));
        // Full id numbers: no browser or proxy cache may keep a copy.
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(file.Content, file.ContentType, file.FileName);
    }

    private static IResult? Refused(RegisterDenial? denial, DispatchUser user) => denial switch
    {
        RegisterDenial.Forbidden => DemandResults.Forbidden("Only the station's head or an admin may import or export its key-person register.",
            AccessPolicy.Denial(user, AccessPolicy.CanEditRegister(user, user.StationId ?? ""))),
        RegisterDenial.UnknownStation => DemandResults.NotFound("station"),
        _ => null,
    };

    private static IResult BadRequest(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}
