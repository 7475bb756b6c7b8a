using System.Diagnostics;
using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>
/// The dashboard in a real Chromium while a box reports with the real mosquitto_pub: what the
/// fleet manager sees change on screen, without reloading.
/// </summary>
public sealed class DashboardBrowserTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FleetPageShowsAReportingBoxAndMarksItsWarmCompartment()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenLiveAsync(server.BaseAddress, server.Admin);

        await HandPublisher.PublishAsync(server, "BX-WEB-1", c1: 9.5, minutes: 1, Cancellation);

        var row = page.Locator("[data-testid=box-row][data-box-id=BX-WEB-1]");
        await row.Locator("[data-testid=compartment][data-channel=c1][data-state=out-of-range]").WaitForAsync();
        await row.Locator("[data-testid=compartment][data-channel=c2][data-state=in-range]").WaitForAsync();
        Assert.Equal("true", await row.GetAttributeAsync("data-online"));
        Assert.Equal("1", await page.GetByTestId("summary-online").InnerTextAsync());
    }

    [Fact]
    public async Task ChilledAlertAppearsOnTheAlertsPageAsSoonAsItsReadingsArrive()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "alerts"), server.Admin);
        Assert.Equal("0 open", await page.GetByTestId("open-count").InnerTextAsync());

        // Six minutes above 8 °C in one pack: past the five-minute grace on device time.
        var published = Stopwatch.StartNew();
        await HandPublisher.PublishAsync(server, "BX-WEB-2", c1: 9.5, minutes: 6, Cancellation);
        var row = page.Locator("[data-testid=alert-row][data-box-id=BX-WEB-2]");
        await row.WaitForAsync();
        TestContext.Current.SendDiagnosticMessage($"The alert was on screen {published.ElapsedMilliseconds} ms after mosquitto_pub returned.");

        Assert.Equal("chilled-too-warm", await row.GetAttributeAsync("data-rule"));
        Assert.Equal("1 open", await page.GetByTestId("open-count").InnerTextAsync());
    }

    [Fact]
    public async Task TheBeaconOnTheFleetPageTurnsRedForANewCriticalAlertUntilSomeoneAcknowledgesIt()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenLiveAsync(server.BaseAddress, server.Admin);
        var beacon = page.GetByTestId("alert-beacon");
        Assert.Equal("0", await beacon.GetAttributeAsync("data-critical"));
        await page.GetByTestId("alert-sound").ClickAsync();
        await page.Locator("[data-testid=alert-sound][aria-pressed=true]").WaitForAsync();

        await HandPublisher.PublishAsync(server, "BX-WEB-4", c1: 9.5, minutes: 6, Cancellation);

        await page.Locator("[data-testid=alert-beacon][data-critical='1']").WaitForAsync();
        Assert.Equal("1 critical", await page.GetByTestId("alert-beacon-critical").TextContentAsync());
        var alert = (await server.Http.GetFromJsonAsync<List<Fleet.Dashboard.Data.AlertView>>("/api/alerts?box=BX-WEB-4", Cancellation))!.Single();
        (await server.Http.PostAsJsonAsync($"/api/alerts/{alert.Id}/acknowledge", new { note = "Courier is on it" }, Cancellation)).EnsureSuccessStatusCode();
        await page.Locator("[data-testid=alert-beacon][data-critical='0'][data-open='1']").WaitForAsync();

        // The sound stays on for this browser across a reload.
        await page.ReloadAsync();
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        await page.Locator("[data-testid=alert-sound][aria-pressed=true]").WaitForAsync();
    }

    [Fact]
    public async Task AFleetManagerAcknowledgesAndResolvesAnAlertOnThePageInTheirOwnName()
    {
        using var server = FleetServer.Start();
        var manager = await server.AddUserAsync("wang.fang", "manager", "meituan-sz");
        (await server.Http.PutAsJsonAsync("/api/boxes/BX-WEB-3", new { platform = "meituan-sz" }, Cancellation)).EnsureSuccessStatusCode();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "alerts"), manager);
        await HandPublisher.PublishAsync(server, "BX-WEB-3", c1: 9.5, minutes: 6, Cancellation);
        var row = page.Locator("[data-testid=alert-row][data-box-id=BX-WEB-3]");
        await row.WaitForAsync();

        await row.GetByTestId("acknowledge").ClickAsync();
        await page.GetByTestId("action-note").FillAsync("Courier asked to check the lid");
        await page.GetByTestId("action-confirm").ClickAsync();
        await page.Locator("[data-testid=alert-row][data-box-id=BX-WEB-3][data-state=acknowledged]").WaitForAsync();
        Assert.Equal("Acknowledged by wang.fang: Courier asked to check the lid", (await row.GetByTestId("acknowledged-by").InnerTextAsync()).Trim());

        await row.GetByTestId("resolve").ClickAsync();
        await page.GetByTestId("action-note").FillAsync("Box swapped at the depot");
        await page.GetByTestId("action-confirm").ClickAsync();
        await page.GetByTestId("state-all").CheckAsync();
        var resolved = page.Locator("[data-testid=alert-row][data-box-id=BX-WEB-3][data-state=resolved]");
        await resolved.WaitForAsync();
        Assert.Equal("Resolved by wang.fang: Box swapped at the depot", (await resolved.GetByTestId("resolved-by").InnerTextAsync()).Trim());

        // What the page did is what the server stored.
        var stored = (await server.Http.GetFromJsonAsync<List<Fleet.Dashboard.Data.AlertView>>("/api/alerts?state=resolved&box=BX-WEB-3", Cancellation))!.Single();
        Assert.Equal(("wang.fang", "wang.fang"), (stored.AcknowledgedBy, stored.ResolvedBy));
    }
}
