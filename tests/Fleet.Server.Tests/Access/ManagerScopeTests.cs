using System.Net;
using System.Net.Http.Json;
using Fleet.Server.Access;
using Fleet.Server.Deliveries;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Access;

/// <summary>A fleet manager works within one platform: another platform's records look as if they did not exist.</summary>
public sealed class ManagerScopeTests : IAsyncLifetime
{
    private FleetServer _server = null!;
    private HttpClient _meituan = null!;
    private HttpClient _eleme = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FleetServer.StartAsync();
        _meituan = await _server.ClientForAsync("mt-manager", FleetClaims.ManagerRole, "meituan-sz");
        _eleme = await _server.ClientForAsync("ele-manager", FleetClaims.ManagerRole, "eleme-sz");
        await _server.RegisterBoxAsync("BX-MT-1", "meituan-sz");
        await _server.RegisterBoxAsync("BX-ELE-1", "eleme-sz");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AManagerListsOnlyTheirPlatformsBoxesAndCannotReadAnothers()
    {
        Assert.Equal(["BX-MT-1"], await _meituan.BoxIdsAsync());
        Assert.Equal(["BX-ELE-1"], await _eleme.BoxIdsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _meituan.GetAsync("/api/boxes/BX-ELE-1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _meituan.GetAsync("/api/boxes/BX-ELE-1/readings?channel=c1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _meituan.GetAsync("/api/boxes/BX-ELE-1/profile", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _meituan.GetAsync("/api/boxes/BX-MT-1", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AManagerCannotTakeAnotherPlatformsBoxOrRegisterOneForIt()
    {
        var take = await _meituan.PutAsJsonAsync("/api/boxes/BX-ELE-1", new { platform = "meituan-sz" }, AccessFixture.Json, TestContext.Current.CancellationToken);
        var forOther = await _meituan.PutAsJsonAsync("/api/boxes/BX-NEW-1", new { platform = "eleme-sz" }, AccessFixture.Json, TestContext.Current.CancellationToken);
        var own = await _meituan.PutAsJsonAsync("/api/boxes/BX-NEW-2", new { platform = "meituan-sz" }, AccessFixture.Json, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Forbidden, HttpStatusCode.OK), (take.StatusCode, forOther.StatusCode, own.StatusCode));
        Assert.Equal(["BX-ELE-1"], await _eleme.BoxIdsAsync());
        Assert.Contains("BX-NEW-2", await _meituan.BoxIdsAsync());
    }

    [Fact]
    public async Task AManagersOrdersAreTheirPlatformsAndHiddenFromOtherPlatforms()
    {
        var created = await _meituan.CreateDeliveryAsync("ORD-MT-1", null, "440305");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("meituan-sz", (await created.Content.ReadFromJsonAsync<Delivery>(AccessFixture.Json, TestContext.Current.CancellationToken))!.Platform);

        Assert.Equal(HttpStatusCode.NotFound, (await _eleme.GetAsync("/api/deliveries/ORD-MT-1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _eleme.GetAsync("/api/deliveries/ORD-MT-1/verdict", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _eleme.PostAsJsonAsync("/api/deliveries/ORD-MT-1/assign", new { courierId = "CR-1", boxId = "BX-ELE-1" }, AccessFixture.Json, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _eleme.PostAsync("/api/deliveries/ORD-MT-1/pickup", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _meituan.GetAsync("/api/deliveries/ORD-MT-1", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _eleme.CreateDeliveryAsync("ORD-ELE-X", "meituan-sz", null)).StatusCode);
    }

    [Fact]
    public async Task AnOrderMayOnlyGoInABoxAndWithACourierOfItsPlatform()
    {
        Assert.Equal(HttpStatusCode.Created, (await _meituan.CreateDeliveryAsync("ORD-MT-2", null, null)).StatusCode);
        (await _eleme.PutAsJsonAsync("/api/couriers/CR-ELE", new { name = "Zhao Lei", certificateExpires = "2099-01-01" }, AccessFixture.Json, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var refused = await _meituan.PostAsJsonAsync("/api/deliveries/ORD-MT-2/assign", new { courierId = "CR-ELE", boxId = "BX-ELE-1" }, AccessFixture.Json, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var reasons = (await refused.Content.ReadFromJsonAsync<AssignmentRefusal>(AccessFixture.Json, TestContext.Current.CancellationToken))!.Reasons;
        Assert.Contains(reasons, r => r.Contains("box BX-ELE-1 is not registered for platform meituan-sz", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("courier CR-ELE does not work for platform meituan-sz", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _meituan.GetAsync("/api/couriers/CR-ELE", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AManagerSeesAndActsOnlyOnTheirPlatformsAlerts()
    {
        var theirs = await _server.RaiseChilledAlertAsync("BX-ELE-1");
        var ours = await _server.RaiseChilledAlertAsync("BX-MT-1");

        Assert.Equal([ours.Id], await _meituan.AlertIdsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _meituan.AcknowledgeAsync(theirs.Id)).StatusCode);
        Assert.Equal("open", Assert.Single(await _server.AlertsAsync("all", "BX-ELE-1")).State);
        Assert.Equal(HttpStatusCode.OK, (await _meituan.AcknowledgeAsync(ours.Id)).StatusCode);
    }

    [Fact]
    public async Task AManagerHasNoAdminApi()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _meituan.GetAsync("/api/admin/users", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _meituan.GetAsync("/api/ingestion", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _meituan.PostAsync("/api/admin/backup", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _meituan.PostAsJsonAsync("/api/admin/users", new { name = "x", password = "long enough pw", role = "admin" }, AccessFixture.Json, TestContext.Current.CancellationToken)).StatusCode);
    }
}
