using Dispatch.Web.KeyPersons;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;

namespace Dispatch.Web.Tests.Infrastructure;

/// <summary>
/// Routes the register's import and export in a test host whose Program does not map them yet (they are wired into
/// Program.cs when the register service they stand on is merged; then this filter can go).
/// </summary>
/// <remarks>
/// A routing step of its own at the front of the pipeline only picks the endpoint; the host's own routing leaves a
/// picked endpoint alone, and its error handling, sign-in and authorization then run for it as for any other route.
/// </remarks>
public sealed class RegisterRoutes : IStartupFilter
{
    /// <summary>Where UseRouting leaves the route builder it made, for the UseEndpoints that normally follows.</summary>
    private const string RouteBuilderKey = "__EndpointRouteBuilder";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseRouting();
        ((IEndpointRouteBuilder)app.Properties[RouteBuilderKey]!).MapRegisterEndpoints();
        next(app);
    };
}
