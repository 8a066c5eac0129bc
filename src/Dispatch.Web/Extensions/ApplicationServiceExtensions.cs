using Dispatch.Grains.Demands;
using Dispatch.Grains.KeyPersons;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Demands;
using Dispatch.Web.Live;
using Dispatch.Web.Reports;
using Dispatch.Web.Simulation;

namespace Dispatch.Web.Extensions;

public static class ApplicationServiceExtensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddLivePush();
        builder.Services.AddSingleton<IKeyPersonService, KeyPersonService>();
        // The reports read every summary through the concrete service; everything else goes through the interface.
        builder.Services.AddSingleton<DemandService>();
        builder.Services.AddSingleton<IDemandService>(sp => sp.GetRequiredService<DemandService>());
        builder.Services.AddSingleton<DemandContinuations>();
        builder.Services.AddSingleton<IReportService, ReportService>();
        builder.Services.AddTransient<ReportSheetLabels>();
        builder.Services.AddSingleton<Dispatch.Web.Kpis.KpiDashboardService>();
        builder.Services.AddSingleton<Dispatch.Web.DirectoryAdmin.IDirectoryAdminService, Dispatch.Web.DirectoryAdmin.DirectoryAdminService>();
        builder.Services.AddApiConventions();
        builder.Services.AddOpenApi();
        builder.AddDemoDataAndSimulator();
        return builder;
    }
}
