using Fleet.Dashboard.Data;
using Fleet.Server.Alerts;
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

        Assert.Equal("Your name and a note are both required.", (await feed.AcknowledgeAlertAsync(alert.Id, "Zhang Wei", " ", ct)).Error);
        var acknowledged = await feed.AcknowledgeAlertAsync(alert.Id, "Zhang Wei", "On it", ct);
        Assert.Equal(("acknowledged", "Zhang Wei", "On it"), (acknowledged.Alert!.State, acknowledged.Alert.AcknowledgedBy, acknowledged.Alert.AcknowledgeNote));
        Assert.Equal($"Alert {alert.Id} is acknowledged already.", (await feed.AcknowledgeAlertAsync(alert.Id, "Li Na", "Me too", ct)).Error);

        var resolved = await feed.ResolveAlertAsync(alert.Id, "Li Na", "Box replaced", ct);
        Assert.True(resolved.Succeeded);
        var stored = Assert.Single(await _server.AlertsAsync("resolved", "BX-FEED"));
        Assert.Equal(("Li Na", "Box replaced", "Zhang Wei"), (stored.ResolvedBy, stored.ResolutionNote, stored.AcknowledgedBy));
        Assert.Equal("There is no alert 999999.", (await feed.ResolveAlertAsync(999_999, "Li Na", "?", ct)).Error);
    }
}
