using System.Net.Http.Json;
using System.Text.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Fleet.EndToEnd.Tests.Browser;

/// <summary>
/// A page whose connection dropped catches up by itself: what happened meanwhile is on it once the
/// browser is back, without anyone pressing anything, both when the server kept the page's circuit
/// and when it had given it up (the page then reloads, keeping its filters from the address).
/// </summary>
public sealed class CatchUpBrowserTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAlertRaisedWhileTheBrowserWasCutOffIsOnTheAlertsPageOnceItIsBack()
    {
        using var server = FleetServer.Start();
        await using var chromium = await Chromium.LaunchAsync();
        var tracked = await OpenTrackedAsync(chromium, server, "alerts?box=BX-CUT");
        var page = tracked.Page;

        await tracked.CutOffAsync();
        await HandPublisher.PublishAsync(server, "BX-CUT-1", c1: 9.5, minutes: 6, Cancellation);
        await AlertRaisedAsync(server, "BX-CUT-1");
        Assert.Equal(0, await page.GetByTestId("alert-row").CountAsync());

        await tracked.ReconnectAsync();

        await page.Locator("[data-testid=alert-row][data-box-id=BX-CUT-1]").WaitForAsync(new() { Timeout = 60_000 });
        // The banner goes once the reconnection completes, which may be a moment after the
        // circuit's first render batch put the row on the page.
        await page.GetByTestId("reconnect").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
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
        var tracked = await OpenTrackedAsync(chromium, server, "alerts");
        var page = tracked.Page;
        await page.GetByTestId("alert-box-filter").FillAsync("BX-LOST");
        await page.GetByTestId("state-all").CheckAsync();
        await UntilAsync(() => page.Url.Contains("box=BX-LOST", StringComparison.Ordinal) && page.Url.Contains("show=all", StringComparison.Ordinal), "the filters in the address");

        await tracked.CutOffAsync();
        await HandPublisher.PublishAsync(server, "BX-LOST-1", c1: 9.5, minutes: 6, Cancellation);
        await AlertRaisedAsync(server, "BX-LOST-1");
        // Past the retention period: the server has dropped the circuit by the time the browser is back.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        await page.EvaluateAsync("() => window.fleetTestNotReloaded = true");

        await tracked.ReconnectAsync();

        await page.Locator("[data-testid=alert-row][data-box-id=BX-LOST-1]").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal("BX-LOST", await page.GetByTestId("alert-box-filter").InputValueAsync());
        Assert.True(await page.GetByTestId("state-all").IsCheckedAsync());
        Assert.Equal(stateKept, await page.EvaluateAsync<bool>("() => window.fleetTestNotReloaded === true"));
    }

    private static async Task<CutOffPage> OpenTrackedAsync(Chromium chromium, FleetServer server, string path)
    {
        var page = await chromium.OpenLiveAsync(new Uri(server.BaseAddress, path), server.Admin);
        var tracked = new CutOffPage(page);
        await page.RouteWebSocketAsync(new Regex("/_blazor"), tracked.Route);
        await page.ReloadAsync();
        await page.GetByTestId("connection").GetByText("Live").WaitForAsync();
        return tracked;
    }

    private static Task AlertRaisedAsync(FleetServer server, string boxId) =>
        Eventually.GetAsync(async () =>
        {
            var alerts = await server.Http.GetFromJsonAsync<JsonElement>($"/api/alerts?box={boxId}", Cancellation);
            return alerts.ValueKind == JsonValueKind.Array && alerts.GetArrayLength() > 0 ? boxId : null;
        }, TimeSpan.FromSeconds(30), $"an alert of {boxId}");

    private static Task UntilAsync(Func<bool> condition, string what) =>
        Eventually.GetAsync(() => Task.FromResult(condition() ? what : null), TimeSpan.FromSeconds(30), what);

    /// <summary>
    /// A page whose connection to the server the test can cut for real: every WebSocket to the
    /// server goes through a Playwright route, which passes it on while the page is connected and
    /// closes it (and every new one) while it is cut off; offline mode stops the HTTP fallbacks.
    /// Chromium's offline mode alone leaves open WebSockets alone.
    /// </summary>
    private sealed class CutOffPage(IPage page)
    {
        private readonly List<IWebSocketRoute> _open = [];
        private volatile bool _cut;

        public IPage Page => page;

        public void Route(IWebSocketRoute socket)
        {
            if (_cut)
            {
                _ = socket.CloseAsync();
                return;
            }

            socket.ConnectToServer();
            lock (_open)
            {
                _open.Add(socket);
            }
        }

        /// <summary>Cuts the page off; returns once the page says it lost the server.</summary>
        public async Task CutOffAsync()
        {
            _cut = true;
            await page.Context.SetOfflineAsync(true);
            IWebSocketRoute[] open;
            lock (_open)
            {
                open = [.. _open];
                _open.Clear();
            }

            foreach (var socket in open)
            {
                await socket.CloseAsync();
            }

            await page.GetByTestId("reconnect").WaitForAsync(new() { Timeout = 30_000 });
        }

        public async Task ReconnectAsync()
        {
            _cut = false;
            await page.Context.SetOfflineAsync(false);
        }
    }
}
