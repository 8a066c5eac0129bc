using Bunit;
using Dispatch.Contracts.Access;
using Dispatch.Contracts.Demands;
using Dispatch.Web.Components.Layout;
using Dispatch.Web.Health;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Components.Layout;

/// <summary>The order-number box in the app bar: every desk screen opens an order by the number a resident reads out.</summary>
public sealed class OrderFindTests : ComponentTest
{
    public OrderFindTests() => Services.AddSingleton(new StorageStatus());

    [Theory]
    [InlineData(ActorRole.Dispatcher)]
    [InlineData(ActorRole.StationHead)]
    [InlineData(ActorRole.Leader)]
    [InlineData(ActorRole.Admin)]
    public void A_number_typed_as_heard_opens_that_orders_page(ActorRole role)
    {
        SignIn(new DispatchUser("desk", "桌面用户", role, StationId: role == ActorRole.StationHead ? "east" : null));
        var layout = RenderLayout();

        layout.Find("[data-test=order-find-input]").Change(" 20261102 7kq3xo ");
        layout.Find("[data-test=order-find]").Submit();

        Assert.EndsWith("/demands/20261102-7KQ3X0", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.True(string.IsNullOrEmpty(layout.Find("[data-test=order-find-input]").GetAttribute("value")));
    }

    [Fact]
    public void An_empty_box_goes_nowhere()
    {
        SignIn(new DispatchUser("dispatcher", "李调度", ActorRole.Dispatcher));
        var layout = RenderLayout();
        var before = Services.GetRequiredService<NavigationManager>().Uri;

        layout.Find("[data-test=order-find]").Submit();

        Assert.Equal(before, Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void The_workers_phone_has_no_box()
    {
        SignIn(new DispatchUser("worker", "陈社工", ActorRole.SocialWorker, StationId: "east", WorkerId: "w1"));
        var layout = RenderLayout();

        Assert.Empty(layout.FindAll("[data-test=order-find]"));
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "screen"))));
}
