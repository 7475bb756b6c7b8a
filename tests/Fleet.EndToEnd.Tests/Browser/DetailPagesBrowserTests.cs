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

        await PublishAsync(server, "BX-CHART-1", c1: 9.5, minutes: 10);
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "boxes/BX-CHART-1"));

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

        var list = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "deliveries"));
        await list.Locator("[data-testid=delivery-row][data-order-id=ORD-WEB-1][data-state=created][data-compliant=pending]").WaitForAsync();

        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "deliveries/ORD-WEB-1"));
        Assert.Equal("ORD-WEB-1", await page.GetByTestId("order-id").InnerTextAsync());
        Assert.Equal("created", await page.GetByTestId("delivery-state").TextContentAsync());
        Assert.Equal("pending", await page.GetByTestId("verdict-badge").TextContentAsync());
        Assert.Contains("Cold noodles", await page.GetByTestId("food-items").InnerTextAsync(), StringComparison.Ordinal);
    }

    // As DashboardBrowserTests publishes: a status declaring c1 chilled and c2 frozen, then one
    // reading a minute for the last `minutes` minutes, c1 at the given temperature, c2 at -20 °C.
    private static async Task PublishAsync(FleetServer server, string boxId, double c1, int minutes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var status = $$"""{"v":1,"state":"online","fw":"1.0.0","t":{{now}},"interval":60,"compartments":[{"n":"c1","kind":"chilled"},{"n":"c2","kind":"frozen"}]}""";
        var records = Enumerable.Range(0, minutes + 1).SelectMany(m => new[]
        {
            FormattableString.Invariant($$"""{"n":"c1","t":{{m * 60}},"v":{{c1}}}"""),
            FormattableString.Invariant($$"""{"n":"c2","t":{{m * 60}},"v":-20}"""),
        });
        var telemetry = $$"""[{"bn":"{{boxId}}:","bt":{{now - (minutes * 60)}},"bu":"Cel",{{string.Join(",", records)[1..]}}]""";
        foreach (var (kind, payload) in new[] { ("status", status), ("telemetry", telemetry) })
        {
            await Shell.RunAsync($"mosquitto_pub -h 127.0.0.1 -p {server.MqttPort} -i {boxId} -q 1 -t fleet/v1/boxes/{boxId}/{kind} -m '{payload}'", Cancellation);
        }
    }
}
