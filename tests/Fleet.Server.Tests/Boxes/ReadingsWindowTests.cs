using Fleet.Firmware.Protocol;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Boxes;

/// <summary>The readings API's default window.</summary>
public sealed class ReadingsWindowTests
{
    [Fact]
    public async Task AReadingStampedAheadOfTheServersClockIsInTheDefaultWindow()
    {
        await using var server = await FleetServer.StartAsync();
        await using var box = await TestBox.ConnectAsync(server, "BX-AHEAD");
        var now = Senml.NowSeconds();

        // Two minutes ago, and two minutes ahead: within Ingestion:MaxClockAheadSeconds (300), so stored.
        var ack = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, now, ("c1", -120, 4.1), ("c1", 120, 4.2)));
        Assert.True(ack.IsSuccess, ack.ReasonCode.ToString());

        var readings = await Eventually.ReturnsAsync(() => server.ReadingsAsync(box.BoxId, "c1"), r => r?.Readings.Count == 2, "both readings in the default window");

        Assert.Equal([4.1, 4.2], readings!.Readings.Select(r => r.Value));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(now + 120), readings.To);
    }
}
