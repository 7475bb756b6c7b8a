using System.Net;
using System.Net.Http.Json;
using Fleet.Server.Access;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Access;

/// <summary>
/// A regulator reads, never writes, and only within their jurisdiction: deliveries whose merchant
/// region starts with one of their prefixes, across platforms, and the boxes and alerts of those deliveries.
/// </summary>
public sealed class RegulatorScopeTests : IAsyncLifetime
{
    private FleetServer _server = null!;
    private HttpClient _shenzhen = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FleetServer.StartAsync();
        _shenzhen = await _server.ClientForAsync("sz-amr", FleetClaims.RegulatorRole, null, "4403");
        await _server.RegisterBoxAsync("BX-SZ-1", "meituan-sz");
        await _server.RegisterBoxAsync("BX-SH-1", "eleme-sh");
        // Nanshan (440305) is in Shenzhen (4403); Huangpu, Shanghai (310101) is not.
        (await _server.Http.CreateDeliveryAsync("ORD-SZ-1", "meituan-sz", "440305")).EnsureSuccessStatusCode();
        (await _server.Http.CreateDeliveryAsync("ORD-SH-1", "eleme-sh", "310101")).EnsureSuccessStatusCode();
        await _server.AssignSinceAnHourAgoAsync("ORD-SZ-1", "BX-SZ-1");
        await _server.AssignSinceAnHourAgoAsync("ORD-SH-1", "BX-SH-1");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ARegulatorReadsDeliveriesOfTheirRegionAndNotAnotherRegions()
    {
        Assert.Equal(HttpStatusCode.OK, (await _shenzhen.GetAsync("/api/deliveries/ORD-SZ-1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _shenzhen.GetAsync("/api/deliveries/ORD-SH-1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _shenzhen.GetAsync("/api/deliveries/ORD-SH-1/verdict", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task ARegulatorSeesTheBoxesAndAlertsOfTheirRegionsDeliveriesOnly()
    {
        var shanghai = await _server.RaiseChilledAlertAsync("BX-SH-1");
        var shenzhen = await _server.RaiseChilledAlertAsync("BX-SZ-1");

        Assert.Equal(["BX-SZ-1"], await _shenzhen.BoxIdsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _shenzhen.GetAsync("/api/boxes/BX-SH-1/readings?channel=c1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal([shenzhen.Id], await _shenzhen.AlertIdsAsync());
        Assert.DoesNotContain(shanghai.Id, await _shenzhen.AlertIdsAsync());
    }

    [Fact]
    public async Task ARegulatorNeverWrites()
    {
        var alert = await _server.RaiseChilledAlertAsync("BX-SZ-1");

        Assert.Equal(HttpStatusCode.Forbidden, (await _shenzhen.AcknowledgeAsync(alert.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _shenzhen.CreateDeliveryAsync("ORD-REG", null, "440305")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _shenzhen.PostAsync("/api/deliveries/ORD-SZ-1/handover", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _shenzhen.PutAsJsonAsync("/api/boxes/BX-SZ-1", new { platform = "x" }, AccessFixture.Json, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _shenzhen.GetAsync("/api/couriers/CR-1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal("open", Assert.Single(await _server.AlertsAsync("all", "BX-SZ-1")).State);
    }

    [Fact]
    public async Task AMerchantRegionMustBeASixDigitDivisionCode()
    {
        foreach (var bad in new[] { "4403", "4403051", "44030A", "040305" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await _server.Http.CreateDeliveryAsync("ORD-BAD-" + bad, null, bad)).StatusCode);
        }
    }
}
