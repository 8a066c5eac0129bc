using System.Globalization;
using Bunit;
using Dispatch.Web.Components.Layout;
using Dispatch.Web.Health;
using Dispatch.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests.Components.Layout;

/// <summary>The layout's degraded banner follows the host's storage state as it is pushed, in both languages.</summary>
public sealed class StorageBannerTests : ComponentTest
{
    private readonly StorageStatus storage = new();

    public StorageBannerTests() => Services.AddSingleton(storage);

    [Fact]
    public async Task The_banner_appears_when_storage_goes_down_and_goes_away_when_it_returns()
    {
        var layout = RenderLayout();
        Assert.Empty(layout.FindAll("[data-test=storage-banner]"));

        // The host's monitor raises the change on a thread of its own, in no user's language.
        await Task.Run(() =>
        {
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            storage.Set(true);
        });
        layout.WaitForAssertion(() => Assert.Equal("存储不可用——更改暂时无法保存。存储恢复后此提示自动消失。",
            layout.Find("[data-test=storage-banner]").TextContent.Trim()));
        Assert.Equal("alert", layout.Find("[data-test=storage-banner]").GetAttribute("role"));

        await Task.Run(() => storage.Set(false));
        layout.WaitForAssertion(() => Assert.Empty(layout.FindAll("[data-test=storage-banner]")));
    }

    [Fact]
    public void A_screen_opened_during_the_outage_shows_the_banner_at_once()
    {
        storage.Set(true);
        var layout = RenderLayout();
        Assert.Single(layout.FindAll("[data-test=storage-banner]"));
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "screen"))));
}

public sealed class StorageBannerEnglishTests() : ComponentTest(SupportedCultures.English)
{
    [Fact]
    public void The_banner_speaks_english_too()
    {
        var storage = new StorageStatus();
        Services.AddSingleton(storage);
        storage.Set(true);
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "screen"))));
        Assert.StartsWith("Storage unavailable — changes are not being saved.", layout.Find("[data-test=storage-banner]").TextContent.Trim());
    }
}
