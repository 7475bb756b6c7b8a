using Fleet.Dashboard.Data;
using Fleet.Server.Alerts;
using Fleet.Server.Audit;
using Fleet.Server.Live;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Live;

/// <summary>The dashboard's acknowledge and resolve buttons go through the server's feed, with the API's rules.</summary>
public sealed class FleetFeedActionTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task TheFeedAcknowledgesAndResolvesAnAlertDurablyAndRefusesWhatTheApiRefuses()
    {
        var ct = TestContext.Current.CancellationToken;
        var alert = await _server.GetRequiredService<AlertService>().RaiseAsync(
            new NewAlert("chilled-too-warm", Severities.Critical, "BX-FEED", "c1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), false, 9, "c1 too warm"), ct);
        var feed = _server.GetRequiredService<FleetFeed>();

        var zhangWei = new AuditActor("zhang.wei", "manager", "dashboard");
        var liNa = new AuditActor("li.na", "admin", "dashboard");

        Assert.Equal("A note is required.", (await feed.AcknowledgeAlertAsync(alert.Id, zhangWei, " ", ct)).Error);
        Assert.Equal("Sign in to act on alerts.", (await feed.AcknowledgeAlertAsync(alert.Id, new AuditActor(AuditActor.AnonymousName, null, "dashboard"), "On it", ct)).Error);
        var acknowledged = await feed.AcknowledgeAlertAsync(alert.Id, zhangWei, "On it", ct);
        Assert.Equal(("acknowledged", "zhang.wei", "On it"), (acknowledged.Alert!.State, acknowledged.Alert.AcknowledgedBy, acknowledged.Alert.AcknowledgeNote));
        Assert.Equal($"Alert {alert.Id} is acknowledged already.", (await feed.AcknowledgeAlertAsync(alert.Id, liNa, "Me too", ct)).Error);

        var resolved = await feed.ResolveAlertAsync(alert.Id, liNa, "Box replaced", ct);
        Assert.True(resolved.Succeeded);
        var stored = Assert.Single(await _server.AlertsAsync("resolved", "BX-FEED"));
        Assert.Equal(("li.na", "Box replaced", "zhang.wei"), (stored.ResolvedBy, stored.ResolutionNote, stored.AcknowledgedBy));
        Assert.Equal("There is no alert 999999.", (await feed.ResolveAlertAsync(999_999, liNa, "?", ct)).Error);
    }
}
