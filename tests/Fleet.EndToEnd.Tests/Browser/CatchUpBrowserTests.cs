using System.Net.Http.Json;
using System.Text.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>
/// A page whose connection dropped catches up by itself: what happened meanwhile is on it once the
/// browser is back, without anyone pressing anything, both when the server kept the page's circuit
/// and when it had given it up (the page then reloads, keeping its filters from the address).
/// </summary>
public sealed class CatchUpBrowserTests
{
    // Chromium's offline mode leaves open WebSockets alone, so the page's own sockets are kept to
    // be closed by hand: offline plus closed is a connection lost for real.
    private const string TrackSockets = """
        (() => {
            const Native = window.WebSocket;
            window.fleetTestSockets = [];
            window.WebSocket = class extends Native {
                constructor(...args) {
                    super(...args);
                    window.fleetTestSockets.push(this);
                }
            };
        })();
        """;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAlertRaisedWhileTheBrowserWasCutOffIsOnTheAlertsPageOnceItIsBack()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await OpenTrackedAsync(chromium, server, "alerts?box=BX-CUT");

        await CutOffAsync(page);
        await HandPublisher.PublishAsync(server, "BX-CUT-1", c1: 9.5, minutes: 6, Cancellation);
        await AlertRaisedAsync(server, "BX-CUT-1");
        Assert.Equal(0, await page.GetByTestId("alert-row").CountAsync());

        await page.Context.SetOfflineAsync(false);

        await page.Locator("[data-testid=alert-row][data-box-id=BX-CUT-1]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.False(await page.GetByTestId("reconnect").IsVisibleAsync());
    }

    /// <param name="stateKept">
    /// True: the server keeps a dropped circuit's state in memory, and the page resumes on a new
    /// circuit. False: it keeps none, as after a restart, and the page reloads (fleet.js).
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WhenTheServerGaveUpThePagesCircuitThePageComesBackWithItsFiltersAndShowsWhatWasMissed(bool stateKept)
    {
        // Circuits of dropped pages are kept one second instead of three minutes.
        using var server = FleetServer.Start(
            ("Dashboard:Circuit:DisconnectedCircuitRetentionPeriod", "00:00:01"),
            ("Dashboard:Circuit:PersistedCircuitInMemoryMaxRetained", stateKept ? "100" : "0"));
        await using var chromium = await Chromium.LaunchAsync();
        var page = await OpenTrackedAsync(chromium, server, "alerts");
        await page.GetByTestId("alert-box-filter").FillAsync("BX-LOST");
        await page.GetByTestId("state-all").CheckAsync();
        await UntilAsync(() => page.Url.Contains("box=BX-LOST", StringComparison.Ordinal) && page.Url.Contains("show=all", StringComparison.Ordinal), "the filters in the address");

        await CutOffAsync(page);
        await HandPublisher.PublishAsync(server, "BX-LOST-1", c1: 9.5, minutes: 6, Cancellation);
        await AlertRaisedAsync(server, "BX-LOST-1");
        // Past the retention period: the server has dropped the circuit by the time the browser is back.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        await page.EvaluateAsync("() => window.fleetTestNotReloaded = true");

        await page.Context.SetOfflineAsync(false);

        await page.Locator("[data-testid=alert-row][data-box-id=BX-LOST-1]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("BX-LOST", await page.GetByTestId("alert-box-filter").InputValueAsync());
        Assert.True(await page.GetByTestId("state-all").IsCheckedAsync());
        Assert.Equal(stateKept, await page.EvaluateAsync<bool>("() => window.fleetTestNotReloaded === true"));
    }

    private static async Task<IPage> OpenTrackedAsync(Chromium chromium, FleetServer server, string path)
    {
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, path), server.Admin);
        await page.Context.AddInitScriptAsync(TrackSockets);
        await page.ReloadAsync();
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        return page;
    }

    /// <summary>Takes the browser offline and closes the page's WebSockets; returns once the page says it lost the server.</summary>
    private static async Task CutOffAsync(IPage page)
    {
        await page.Context.SetOfflineAsync(true);
        // A close sent while offline is now and then not noticed at once; close again until the page says so.
        await Eventually.GetAsync(async () =>
        {
            await page.EvaluateAsync("() => window.fleetTestSockets.forEach(socket => socket.close())");
            return await page.GetByTestId("reconnect").IsVisibleAsync() ? "cut off" : null;
        }, TimeSpan.FromSeconds(30), "the page to notice it lost the server");
    }

    private static Task AlertRaisedAsync(FleetServer server, string boxId) =>
        Eventually.GetAsync(async () =>
        {
            var alerts = await server.Http.GetFromJsonAsync<JsonElement>($"/api/alerts?box={boxId}", Cancellation);
            return alerts.ValueKind == JsonValueKind.Array && alerts.GetArrayLength() > 0 ? boxId : null;
        }, TimeSpan.FromSeconds(30), $"an alert of {boxId}");

    private static Task UntilAsync(Func<bool> condition, string what) =>
        Eventually.GetAsync(() => Task.FromResult(condition() ? what : null), TimeSpan.FromSeconds(15), what);
}
