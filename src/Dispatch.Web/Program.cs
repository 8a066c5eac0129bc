using Dispatch.Web.Accounts;
using Dispatch.Web.Api;
using Dispatch.Web.Audit;
using Dispatch.Web.Extensions;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Kpis;
using Dispatch.Web.Logging;
using Dispatch.Web.Reports;

var builder = WebApplication.CreateBuilder(args);

builder.AddDispatchSilo();
builder.AddApplicationServices();
builder.AddDispatchAuthentication();
builder.AddDispatchUi();
builder.AddRequestLimits();
builder.AddRateLimits();
builder.AddSecretChecks();
builder.AddPersonalDataMasking();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseApiProblems();
app.UseRequestLimits();
app.UseSharedStaticFiles();
app.UseRequestLocalization();
app.UseAuditTrail();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimits();
app.UseAntiforgery();

app.MapOpenApi();
app.MapHealth();
app.MapAccountEndpoints();
app.MapAuditEndpoints();
app.MapDirectoryEndpoints();
app.MapDemandEndpoints();
app.MapKpiEndpoints();
app.MapReportEndpoints();
app.MapKeyPersonEndpoints();
app.MapRegisterEndpoints();
app.MapLivePush();
app.MapCheckedStaticAssets();
app.MapDispatchUi();

app.Run();

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
