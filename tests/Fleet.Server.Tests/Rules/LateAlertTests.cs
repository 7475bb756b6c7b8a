using Fleet.Firmware.Protocol;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Rules;

/// <summary>
/// An alert is marked late when the readings that raised it arrived late on the box's own clock,
/// whatever that clock says against the server's: a box 10 minutes behind reporting live is not late,
/// a box 10 minutes ahead replaying a backlog is.
/// </summary>
public sealed class LateAlertTests : IAsyncLifetime
{
    private const int TenMinutes = 600;

    private FleetServer _server = null!;

    // The default refuses device times more than 5 minutes ahead of the server.
    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync(null, "--Ingestion:MaxClockAheadSeconds=900");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ABoxWhoseClockRunsTenMinutesBehindReportingLiveRaisesAnAlertNotMarkedLate()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-LATE-1");
        await box.PublishStatusAsync(("c2", CompartmentKinds.Chilled));

        await PublishOneByOneAsync(box, Senml.NowSeconds() - TenMinutes - 330);

        var alert = await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "an open alert");
        Assert.False(alert[0].Late);
    }

    [Fact]
    public async Task ABoxWhoseClockRunsTenMinutesAheadReportingLiveRaisesAnAlertNotMarkedLate()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-LATE-2");
        await box.PublishStatusAsync(("c2", CompartmentKinds.Chilled));

        await PublishOneByOneAsync(box, Senml.NowSeconds() + TenMinutes - 330);

        var alert = await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "an open alert");
        Assert.False(alert[0].Late);
    }

    [Fact]
    public async Task ABoxWhoseClockRunsTenMinutesAheadReplayingItsBacklogRaisesItsAlertMarkedLate()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-LATE-3");
        await box.PublishStatusAsync(("c2", CompartmentKinds.Chilled));
        var start = Senml.NowSeconds() + TenMinutes - 900;

        // The quarter of an hour it kept while offline, up to its present; the excursion was 10 minutes ago on its clock.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Every30Seconds(0, 600, 12), .. Every30Seconds(630, 900, 4)]));

        var alert = await Eventually.ReturnsAsync(() => _server.AlertsAsync("all", box.BoxId), a => a.Count == 1 && a[0].State == "resolved", "a resolved alert");
        Assert.True(alert[0].Late);
        Assert.Equal((start + 300) * 1000, alert[0].RaisedAt.ToUnixTimeMilliseconds());
    }

    /// <summary>A chilled compartment at 12 °C for 330 device seconds from <paramref name="start"/>, one pack per reading as it is taken.</summary>
    private static async Task PublishOneByOneAsync(TestBox box, long start)
    {
        foreach (var reading in Every30Seconds(0, 330, 12))
        {
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, reading));
        }
    }

    private static (string, double, double)[] Every30Seconds(int fromSeconds, int toSeconds, double celsius) =>
        [.. Enumerable.Range(0, ((toSeconds - fromSeconds) / 30) + 1).Select(i => ("c2", (double)(fromSeconds + (i * 30)), celsius))];
}
