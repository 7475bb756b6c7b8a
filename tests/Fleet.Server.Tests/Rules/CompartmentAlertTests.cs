using Fleet.Firmware.Protocol;
using Fleet.Server.Rules;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Rules;

/// <summary>Frozen and hot compartments, and readings that arrive out of order, through the real server.</summary>
public sealed class CompartmentAlertTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static (string, double, double)[] Every30Seconds(string channel, int fromSeconds, int toSeconds, double celsius) =>
        [.. Enumerable.Range(0, ((toSeconds - fromSeconds) / 30) + 1).Select(i => (channel, (double)(fromSeconds + (i * 30)), celsius))];

    [Fact]
    public async Task AFrozenCompartmentAboveMinusFifteenAndAHotOneBelowSixtyForFiveMinutesEachRaiseTheirAlert()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-KINDS-1");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Frozen), ("c2", CompartmentKinds.Hot));
        var start = Senml.NowSeconds() - 600;

        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start,
            [("c1", 0, -19), ("c1", 30, -14), .. Every30Seconds("c2", 0, 330, 55)]));

        var open = await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 2, "two open alerts");
        var frozen = open.Single(a => a.Rule == CompartmentRule.FrozenCode);
        var hot = open.Single(a => a.Rule == CompartmentRule.HotCode);
        Assert.Equal(("c1", (start + 30) * 1000), (frozen.Channel, frozen.RaisedAt.ToUnixTimeMilliseconds()));
        Assert.Equal(("c2", (start + 300) * 1000), (hot.Channel, hot.RaisedAt.ToUnixTimeMilliseconds()));
        Assert.Contains("below 60", hot.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingsArrivingOutOfOrderThatCompleteAnExcursionRaiseAResolvedAlertAtItsDeviceTimeMarkedLate()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-OOO-1");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var start = Senml.NowSeconds() - 1200;
        // Too warm for four minutes, then cold: no alert from what arrived so far.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Every30Seconds("c1", 0, 240, 10), .. Every30Seconds("c1", 480, 600, 4)]));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 14, "the first readings");
        Assert.Empty(await _server.AlertsAsync("all", box.BoxId));

        // The readings between, delayed: the compartment was in fact too warm for eight minutes.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, Every30Seconds("c1", 270, 450, 10)));

        var alert = await Eventually.ReturnsAsync(() => _server.AlertsAsync("all", box.BoxId), a => a.Count == 1, "the late alert");
        Assert.Equal(("resolved", true), (alert[0].State, alert[0].Late));
        Assert.Equal((start + 300) * 1000, alert[0].RaisedAt.ToUnixTimeMilliseconds());
        Assert.Equal((start + 480) * 1000, alert[0].ResolvedAt?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task AnOutOfOrderReadingThatShowsTheCompartmentColdResolvesTheOpenAlertWhereItBelongs()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-OOO-2");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var start = Senml.NowSeconds() - 1200;
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Every30Seconds("c1", 0, 360, 10), .. Every30Seconds("c1", 420, 600, 10)]));
        var open = await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "the open alert");

        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, ("c1", 390, 4)));

        var resolved = await Eventually.ReturnsAsync(() => _server.AlertsAsync("resolved", box.BoxId), a => a.Count == 1, "the alert resolved at the late reading");
        Assert.Equal(open[0].Id, resolved[0].Id);
        Assert.Equal((start + 390) * 1000, resolved[0].ResolvedAt?.ToUnixTimeMilliseconds());

        // The excursion that began after the cold reading is its own, with its own grace time.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, Every30Seconds("c1", 630, 720, 10)));
        var again = await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "a new alert");
        Assert.Equal((start + 720) * 1000, again[0].RaisedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task AReadingReplayedTwiceOutOfOrderDoesNotRaiseItsAlertTwice()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-OOO-3");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Frozen));
        var start = Senml.NowSeconds() - 1200;
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, Every30Seconds("c1", 0, 600, -20)));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 21, "the readings");

        // A delayed spike above the instant limit, at t = 100 s and t = 101 s.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, ("c1", 100, -10)));
        await Eventually.ReturnsAsync(() => _server.AlertsAsync("all", box.BoxId), a => a.Count == 1, "the late alert");
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, ("c1", 101, -12)));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 23, "the second spike stored");

        // Re-evaluation of the second spike's window finds the alert already stored for it.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, ("c1", 630, -20)));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 24, "a later reading");
        var alert = Assert.Single(await _server.AlertsAsync("all", box.BoxId));
        Assert.Equal(("resolved", true, (start + 100) * 1000), (alert.State, alert.Late, alert.RaisedAt.ToUnixTimeMilliseconds()));
    }
}
