using System.Collections.Concurrent;
using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Fleet.Server.Live;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fleet.Server.Tests.Access;

/// <summary>The live hub sends each connection only what its user may see.</summary>
public sealed class HubScopeTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FleetServer.StartAsync();
        await _server.RegisterBoxAsync("BX-MT-H", "meituan-sz");
        await _server.RegisterBoxAsync("BX-ELE-H", "eleme-sz");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AManagersFleetSubscriptionCarriesOnlyTheirPlatformsBoxesAndAlerts()
    {
        var token = await _server.TokenForAsync("mt-live", FleetClaims.ManagerRole, "meituan-sz");
        await using var hub = Connect(token);
        var boxes = new ConcurrentBag<string>();
        var alerts = new ConcurrentBag<AlertView>();
        hub.On<BoxView>("box", b => boxes.Add(b.BoxId));
        hub.On<AlertView>("alert", alerts.Add);
        await hub.StartAsync(TestContext.Current.CancellationToken);
        await hub.InvokeAsync("SubscribeFleet", TestContext.Current.CancellationToken);

        await _server.RaiseChilledAlertAsync("BX-ELE-H");
        var ours = await _server.RaiseChilledAlertAsync("BX-MT-H");

        // Box changes go out on the next half-second tick, alerts at once: wait for both of ours.
        await Eventually.ReturnsAsync(() => Task.FromResult(alerts.Any(a => a.Id == ours.Id) && boxes.Contains("BX-MT-H")), seen => seen, "our alert and box pushed");
        Assert.DoesNotContain(alerts, a => a.BoxId == "BX-ELE-H");
        Assert.DoesNotContain("BX-ELE-H", boxes);
    }

    [Fact]
    public async Task AnotherPlatformsBoxCannotBeSubscribedAndARegulatorHasNoFleetSubscription()
    {
        await using var manager = Connect(await _server.TokenForAsync("mt-live-2", FleetClaims.ManagerRole, "meituan-sz"));
        await using var regulator = Connect(await _server.TokenForAsync("sz-live", FleetClaims.RegulatorRole, null, "4403"));
        await manager.StartAsync(TestContext.Current.CancellationToken);
        await regulator.StartAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<HubException>(() => manager.InvokeAsync("SubscribeBox", "BX-ELE-H", TestContext.Current.CancellationToken));
        await manager.InvokeAsync("SubscribeBox", "BX-MT-H", TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HubException>(() => regulator.InvokeAsync("SubscribeFleet", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<HubException>(() => regulator.InvokeAsync("SubscribeBox", "BX-MT-H", TestContext.Current.CancellationToken));
    }

    private HubConnection Connect(string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_server.HttpAddress, FleetHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
}
