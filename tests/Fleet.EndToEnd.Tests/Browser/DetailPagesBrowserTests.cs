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
    public async Task ZoomingTheBoxChartFetchesEveryReadingOfTheStretchFromTheServerAndKeepsTheViewInTheAddress()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();

        // An hour at one reading every 5 s: 721 readings of c1, more than a chart draws, all too warm.
        await HandPublisher.PublishDenseAsync(server, "BX-ZOOM-1", c1: 9.5, minutes: 60, everySeconds: 5, Cancellation);
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "boxes/BX-ZOOM-1"), server.Admin);
        var c1 = page.Locator("[data-testid=box-chart] [data-testid=chart-series][data-channel=c1]");
        await c1.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await UntilAsync(async () => PointsIn(await c1.GetAttributeAsync("d")) > 200, "the hour's readings drawn");
        Assert.InRange(PointsIn(await c1.GetAttributeAsync("d")), 2, 600);

        // The too-warm stretch raised an alert: its period is shaded, its rule named.
        var period = page.Locator("[data-testid=alert-period]").First;
        await period.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Contains(await period.GetAttributeAsync("data-rule") ?? "", await period.Locator("title").TextContentAsync() ?? "", StringComparison.Ordinal);

        // Drag across the middle fifth of the plot.
        var plot = await page.Locator("svg[data-chart-plot]").BoundingBoxAsync() ?? throw new InvalidOperationException("no chart");
        float At(double fraction) => (float)(plot.X + ((36 + (fraction * 828)) / 900 * plot.Width));
        await page.Mouse.MoveAsync(At(0.4), plot.Y + (plot.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(At(0.5), plot.Y + (plot.Height / 2), new() { Steps = 5 });
        await page.Mouse.MoveAsync(At(0.6), plot.Y + (plot.Height / 2), new() { Steps = 5 });
        await page.Mouse.UpAsync();

        await UntilAsync(() => Task.FromResult(page.Url.Contains("from=", StringComparison.Ordinal) && page.Url.Contains("to=", StringComparison.Ordinal)), "the window in the address");
        var chart = page.GetByTestId("box-chart");
        await UntilAsync(async () => DateTimeOffset.Parse(await chart.GetAttributeAsync("data-to") ?? "", System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(await chart.GetAttributeAsync("data-from") ?? "", System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(13), "the chart zoomed");

        // The zoomed window came from the server with every reading in it, not the old points stretched.
        var window = DateTimeOffset.Parse(await chart.GetAttributeAsync("data-to") ?? "", System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(await chart.GetAttributeAsync("data-from") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(PointsIn(await c1.GetAttributeAsync("d")), (int)(window / TimeSpan.FromSeconds(5)) - 2, (int)(window / TimeSpan.FromSeconds(5)) + 2);

        // The address is the view: opening it again shows the same window.
        var shared = page.Url;
        var from = await chart.GetAttributeAsync("data-from");
        await page.GotoAsync(shared);
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        Assert.Equal(from, await page.GetByTestId("box-chart").GetAttributeAsync("data-from"));

        // Keyboard: "-" on the focused chart zooms out, and the address follows.
        await page.Locator("svg[data-chart-plot]").FocusAsync();
        await page.Keyboard.PressAsync("-");
        await UntilAsync(() => Task.FromResult(page.Url != shared), "the wider window in the address");
        // The address is written as the new window is asked for; the chart follows once it is fetched.
        await UntilAsync(async () => await page.GetByTestId("box-chart").GetAttributeAsync("data-from") != from, "the chart zoomed out");
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

    private static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.GetAsync(async () => await condition() ? what : null, TimeSpan.FromSeconds(30), what);

    private static int PointsIn(string? path) => path?.Count(c => c is 'M' or 'L') ?? 0;
}
