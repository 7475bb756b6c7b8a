using System.Diagnostics;
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
        var page = await chromium.OpenLiveAsync(server.BaseAddress);

        await PublishAsync(server, "BX-WEB-1", c1: 9.5, minutes: 1);

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
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, "alerts"));
        Assert.Equal("0 open", await page.GetByTestId("open-count").InnerTextAsync());

        // Six minutes above 8 °C in one pack: past the five-minute grace on device time.
        var published = Stopwatch.StartNew();
        await PublishAsync(server, "BX-WEB-2", c1: 9.5, minutes: 6);
        var row = page.Locator("[data-testid=alert-row][data-box-id=BX-WEB-2]");
        await row.WaitForAsync();
        TestContext.Current.SendDiagnosticMessage($"The alert was on screen {published.ElapsedMilliseconds} ms after mosquitto_pub returned.");

        Assert.Equal("chilled-too-warm", await row.GetAttributeAsync("data-rule"));
        Assert.Equal("1 open", await page.GetByTestId("open-count").InnerTextAsync());
    }

    // A status declaring c1 chilled and c2 frozen, then one reading a minute for the last
    // `minutes` minutes: c1 at the given temperature, c2 at -20 °C.
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
