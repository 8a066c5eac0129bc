using Dispatch.Web.Components.Pages.Console;
using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.Rendering;
using Dispatch.Contracts.Access;
using Dispatch.Grains;
using Dispatch.Web.Accounts;
using Dispatch.Web.Demands;
using Dispatch.Web.Extensions;
using Dispatch.Web.KeyPersons;
using Dispatch.Web.Live;
using Dispatch.Web.Localization;
using Dispatch.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace Dispatch.Web.Tests.Components;

/// <summary>
/// The one bUnit base for every screen: MudBlazor services with loose JS interop, the real localizer (zh-CN unless a
/// test switches), a recording <see cref="FakeDemandService"/> and <see cref="InMemoryKeyPersonService"/>, a real <see cref="LiveFeed"/> to push changes through,
/// and a controlled domain clock.
/// </summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));

    protected ComponentTest(string culture = SupportedCultures.Chinese)
    {
        // bUnit waits one second by default; with every test assembly running at once on two cores a render can take
        // longer. A wait only lasts as long as the assertion fails, so a generous limit costs a passing test nothing.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddDispatchLocalization();
        Services.AddSharedMarkup();
        Services.AddSingleton<IDemandService>(Demands);
        KeyPersons = new InMemoryKeyPersonService(() => Demands.ReferenceData, Clock);
        Services.AddSingleton<IKeyPersonService>(KeyPersons);
        Services.AddSingleton(Feed);
        Services.AddSingleton<ConsoleBoardHost>();
        // The host's lifetime, as the app has it: the console board stops following the feed when it stops.
        Services.AddSingleton<IHostApplicationLifetime>(new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance));
        Services.AddKeyedSingleton<TimeProvider>(DomainClock.Key, Clock);
    }

    protected FakeDemandService Demands { get; } = new();

    protected InMemoryKeyPersonService KeyPersons { get; }

    protected LiveFeed Feed { get; } = new(NullLogger<LiveFeed>.Instance);

    protected FakeTimeProvider Clock { get; } = new(Now);

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable, and xunit 2 only calls Dispose(): dispose asynchronously first.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Signs <paramref name="user"/> in with the same claims the real sign-in issues.</summary>
    protected void SignIn(DispatchUser user)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user.DisplayName);
        auth.SetRoles(user.Role.ToString());
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.UserName), new(ClaimTypes.GivenName, user.DisplayName) };
        if (user.StationId is { } station) { claims.Add(new Claim(CurrentUser.StationClaim, station)); }
        if (user.WorkerId is { } worker) { claims.Add(new Claim(CurrentUser.WorkerClaim, worker)); }
        auth.SetClaims([.. claims]);
    }

    /// <summary>
    /// Dialogs render inside the dialog provider, which <see cref="RenderPage{TPage}"/> renders as a root of its own;
    /// rendering the providers and the page as one fragment lets a test read the page and its dialogs together.
    /// </summary>
    protected IRenderedComponent<ContainerFragment> RenderWithDialogs<TPage>(IReadOnlyDictionary<string, object>? parameters = null)
        where TPage : IComponent => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
        builder.OpenComponent<MudSnackbarProvider>(2);
        builder.CloseComponent();
        builder.OpenComponent<TPage>(3);
        if (parameters is not null)
        {
            builder.AddMultipleAttributes(4, parameters);
        }
        builder.CloseComponent();
    });

    /// <summary>Renders a page inside MudBlazor's providers, as the layout does, so dialogs, menus and snackbars work.</summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>(Action<ComponentParameterCollectionBuilder<TPage>>? parameters = null)
        where TPage : IComponent
    {
        Render<MudPopoverProvider>();
        Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Render(parameters ?? (_ => { }));
    }
}
