using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>The box and delivery detail pages in a real Chromium against the real server.</summary>
public sealed class DetailPagesBrowserTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BoxPageChartsTheReadingsABoxPublished()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();

        await HandPublisher.PublishAsync(server, "BX-CHART-1", c1: 9.5, minutes: 10, Cancellation);
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "boxes/BX-CHART-1"), server.Admin);

        var c1 = page.Locator("[data-testid=box-chart] [data-testid=chart-series][data-channel=c1]");
        // A steady temperature draws a flat line, which has no height and so never counts as "visible".
        await c1.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.StartsWith("M", await c1.GetAttributeAsync("d"), StringComparison.Ordinal);
        await page.Locator("[data-testid=threshold][data-channel=c1]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("[data-testid=compartment][data-channel=c1][data-state=out-of-range]").WaitForAsync();
    }

    [Fact]
    public async Task DeliveryPageShowsADispatchedDelivery()
    {
        using var server = FleetServer.Start();
        var now = DateTimeOffset.UtcNow;
        (await server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = "ORD-WEB-1", merchant = "Lao Wang", address = "12 Xinhua Road",
            items = new[] { new { name = "Cold noodles", category = "chilled" } },
            orderedAt = now.AddMinutes(-10), processedAt = now.AddMinutes(-10), promisedAt = now.AddMinutes(50),
        }, Cancellation)).EnsureSuccessStatusCode();
        await using var chromium = await Chromium.LaunchAsync();

        var list = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "deliveries"), server.Admin);
        await list.Locator("[data-testid=delivery-row][data-order-id=ORD-WEB-1][data-state=created][data-compliant=pending]").WaitForAsync();

        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "deliveries/ORD-WEB-1"), server.Admin);
        Assert.Equal("ORD-WEB-1", await page.GetByTestId("order-id").InnerTextAsync());
        Assert.Equal("created", await page.GetByTestId("delivery-state").TextContentAsync());
        Assert.Equal("pending", await page.GetByTestId("verdict-badge").TextContentAsync());
        Assert.Contains("Cold noodles", await page.GetByTestId("food-items").InnerTextAsync(), StringComparison.Ordinal);
    }
}
