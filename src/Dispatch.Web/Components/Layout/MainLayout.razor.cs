using System.Globalization;
using System.Security.Claims;
using Dispatch.Contracts.Demands;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Dispatch.Web.Health;
using Dispatch.Web.Localization;

namespace Dispatch.Web.Components.Layout;

public partial class MainLayout
{
    /// <summary>
    /// A text MudButton's look, as a plain link or button: the bar is on every screen, and each MudButton is a component
    /// the server holds per open circuit (console memory benchmark, docs/benchmarks.md).
    /// </summary>
    private const string TextButton = "mud-button-root mud-button mud-button-text mud-button-text-inherit mud-button-text-size-medium mud-ripple";

    // Dark by default: the console lives on a big screen in a control room.
    private bool darkMode = true;
    private bool interactive;
    private string? orderNumber;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    [Inject] private StorageStatus Storage { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>The signed-in user; read once per parameters set rather than through AuthorizeViews (components held per circuit).</summary>
    private ClaimsPrincipal? user;

    /// <summary>
    /// The circuit's language, taken when the layout is made in it: the storage event arrives on the monitor's thread,
    /// whose language is not the user's.
    /// </summary>
    private readonly CultureInfo culture = CultureInfo.CurrentUICulture;

    // The banner is pushed: the host's storage monitor raises an event, each circuit re-renders its layout.
    protected override void OnInitialized() => Storage.Changed += OnStorageChanged;

    private void OnStorageChanged() => _ = InvokeAsync(() =>
    {
        CultureInfo.CurrentUICulture = culture;
        StateHasChanged();
    });

    public void Dispose() => Storage.Changed -= OnStorageChanged;

    protected override async Task OnParametersSetAsync()
    {
        var principal = Authentication is null ? null : (await Authentication).User;
        user = principal?.Identity?.IsAuthenticated == true ? principal : null;
    }

    private void ToggleTheme() => darkMode = !darkMode;

    /// <summary>Everyone at a desk answers residents who call back with an order number; the worker's phone has no room.</summary>
    internal static bool FindsOrders(ClaimsPrincipal user) =>
        user.IsInRole(nameof(ActorRole.Dispatcher)) || user.IsInRole(nameof(ActorRole.StationHead))
        || user.IsInRole(nameof(ActorRole.Leader)) || user.IsInRole(nameof(ActorRole.Admin));

    private void FindOrder()
    {
        if (string.IsNullOrWhiteSpace(orderNumber))
        {
            return;
        }
        Navigation.NavigateTo($"demands/{Uri.EscapeDataString(OrderNumber.Normalize(orderNumber))}");
        orderNumber = null;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only an interactive circuit ever calls this; a prerender never does.
        if (firstRender)
        {
            interactive = true;
            StateHasChanged();
        }
    }

    /// <summary>The screens each role works on; the pages themselves enforce the same roles.</summary>
    internal static IEnumerable<(string Href, string Label)> NavLinks(ClaimsPrincipal user)
    {
        bool Is(ActorRole role) => user.IsInRole(role.ToString());
        if (Is(ActorRole.Dispatcher)) { yield return ("console", "NavConsole"); }
        if (Is(ActorRole.StationHead)) { yield return ("station", "NavStation"); }
        if (Is(ActorRole.SocialWorker)) { yield return ("worker", "NavWorker"); }
        if (Is(ActorRole.Leader) || Is(ActorRole.Dispatcher) || Is(ActorRole.Admin)) { yield return ("kpi", "NavKpi"); }
        // Everyone works with the key-person register: heads keep it, workers visit, the city reads it.
        yield return ("persons", "NavPersons");
        if (Is(ActorRole.Leader) || Is(ActorRole.Dispatcher) || Is(ActorRole.Admin) || Is(ActorRole.StationHead)) { yield return ("reports", "NavReports"); }
        if (Is(ActorRole.Admin)) { yield return ("admin", "NavAdmin"); }
    }
}
