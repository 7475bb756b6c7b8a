using Fleet.Firmware.Protocol;
using Fleet.Firmware.Queue;
using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class ClockSyncTests
{
    [Fact]
    public void ReadingsTakenBeforeTheClockSyncsArePublishedWithTheirTrueDeviceTimeOnceItSyncs()
    {
        var box = new TestBox();
        box.Clock.IsSynced = false;
        box.Run(65, ackEverything: true); // samples at uptime 0, 30 s, 60 s

        Assert.Empty(box.Link.On(Topics.Telemetry));
        Assert.Empty(box.Link.On(Topics.Status));

        box.Clock.SetRtc(1_800_000_123_000); // SNTP: now is this, uptime 65 s
        box.Run(5, ackEverything: true);

        long boot = 1_800_000_123_000 - 65_000;
        var times = box.PublishedTelemetry().Where(r => r.Channel == "c1").Select(r => r.TimeMs).ToList();
        Assert.Equal([boot, boot + 30_000, boot + 60_000], times.Take(3));
        Assert.Single(box.Link.On(Topics.Status));
    }

    [Fact]
    public void NoPublishedTimeIsEverRelativeOrBefore2020()
    {
        var box = new TestBox();
        box.Clock.IsSynced = false;
        box.Firmware.PressPickup("ORD-1");
        box.Run(40, ackEverything: true);
        box.Clock.SetRtc(1_800_000_000_000);
        box.Run(40, ackEverything: true);

        var all = box.Link.Publishes.Where(p => !p.Topic.EndsWith("/status", StringComparison.Ordinal)).SelectMany(p => Senml.Resolve(p.Payload)).ToList();
        Assert.NotEmpty(all);
        Assert.All(all, r => Assert.True(r.TimeMs >= ProtocolLimits.EarliestDeviceTimeSeconds * 1000, $"{r.Name} at {r.TimeMs}"));
        Assert.Contains(all, r => r.Name == "pickup" && r.Text == "ORD-1" && r.TimeMs == 1_800_000_000_000 - 40_000);
    }

    [Fact]
    public void AClockJumpLargerThanTheThresholdIsReportedWithItsSignedSeconds()
    {
        var box = new TestBox();
        box.Run(10, ackEverything: true);
        box.Clock.SetRtc(box.Clock.NowMs - 3_600_000); // SNTP corrects an hour back
        box.Run(10, ackEverything: true);
        box.Clock.SetRtc(box.Clock.NowMs + 30_000); // a small correction is not a jump
        box.Run(10, ackEverything: true);

        var clockEvents = Events(box).Where(r => r.Name == Channels.Clock).Select(r => r.Text).ToList();
        Assert.Equal(["jump:-3600"], clockEvents);
    }

    [Fact]
    public void ReadingsLeftUntimedByARebootBeforeAnySyncAreDiscardedAndCountedNotPublishedWrong()
    {
        var flash = new InMemoryFlashFile(64 + (1000 * FlashRecordStorage.DefaultSlotSize));
        var box = new TestBox(storageFactory: () => new FlashRecordStorage(flash));
        box.Link.NetworkUp = false;
        box.Clock.IsSynced = false;
        box.Run(35); // two samples of four readings, timed from boot only
        box.Clock.Reboot(keepRtc: false);
        box.Reboot();
        box.Link.NetworkUp = true;
        box.Clock.SetRtc(1_800_000_000_000);
        box.RunUntilOnline();
        box.Run(5, ackEverything: true);

        Assert.All(box.PublishedTelemetry(), r => Assert.True(r.TimeMs >= 1_800_000_000_000));
        Assert.Contains(Events(box), r => r.Name == Channels.Clock && r.Text == "untimed:8");
    }

    private static List<Senml.Resolved> Events(TestBox box) =>
        box.Link.On(Topics.Events).SelectMany(p => Senml.Resolve(p.Payload)).ToList();
}
