using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Accounts;
using Dispatch.Web.Components.Shared;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;

namespace Dispatch.Web.Components.Pages.Demands;

/// <summary>The order page: a demand's facts and whole timeline, as the service returns it for the signed-in user.</summary>
public partial class DemandPage
{
    private DispatchUser? user;
    private Demand? demand;
    private bool loaded;
    private CommandAnswer? problem;

    [Parameter] public string DemandId { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject] private IStringLocalizer<SharedResource> L { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        user ??= CurrentUser.From((await Authentication).User);
        loaded = false;
        problem = null;
        try
        {
            Reference = await Demands.Reference();
            demand = await Demands.Get(DemandId, user!);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            problem = CommandAnswer.Unavailable(exception, L);
        }
        loaded = true;
    }

    protected override async Task OnDemandChanged(DemandSummary summary)
    {
        if (summary.Id == DemandId && summary.Version > (demand?.Version ?? 0))
        {
            demand = await Demands.Get(DemandId, user!) ?? demand;
            StateHasChanged();
        }
    }
}
