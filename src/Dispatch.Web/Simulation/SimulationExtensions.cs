namespace Dispatch.Web.Simulation;

public static class SimulationExtensions
{
    /// <summary>Registered after the silo, so both start once grains can be called.</summary>
    public static WebApplicationBuilder AddDemoDataAndSimulator(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DemoDataOptions>(builder.Configuration.GetSection("Dispatch:DemoData"));
        builder.Services.Configure<SimulatorOptions>(builder.Configuration.GetSection("Dispatch:Simulator"));
        builder.Services.AddHostedService<DemoDataSeeder>();
        builder.Services.AddHostedService<KeyPersonSeeder>();
        builder.Services.AddHostedService<DemandSimulator>();
        builder.Services.AddHostedService<VisitSimulator>();
        return builder;
    }
}
