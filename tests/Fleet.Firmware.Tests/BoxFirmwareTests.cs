using System.Text;
using Fleet.Firmware.Protocol;
using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class BoxFirmwareTests
{
    [Fact]
    public void BoxConnectsWithOfflineLastWillAndAnnouncesItselfOnline()
    {
        var box = new TestBox();

        box.Run(1);

        Assert.Equal("BX-0001", box.Link.ClientId);
        Assert.Equal("fleet/v1/boxes/BX-0001/status", box.Link.WillTopic);
        Assert.Equal("""{"v":1,"state":"offline"}""", Encoding.UTF8.GetString(box.Link.WillPayload!));
        var status = box.Link.On(Topics.Status).Single();
        Assert.True(status.Retain);
        Assert.Equal("online", status.Json().RootElement.GetProperty("state").GetString());
        Assert.True(box.Firmware.IsOnline);
    }

    [Fact]
    public void EachSampleReportsEveryCompartmentAndAmbient()
    {
        var box = new TestBox();

        box.Run(61, ackEverything: true);

        var telemetry = box.PublishedTelemetry();
        Assert.Equal(12, telemetry.Count); // 3 samples × (3 compartments + ambient)
        Assert.Equal(["c1", "c2", "c3", "ambient"], telemetry.Take(4).Select(r => r.Channel));
        Assert.Equal([4.0, -20.0, 65.0, 25.0], telemetry.Take(4).Select(r => r.Value));
        Assert.All(box.Link.On(Topics.Telemetry), p => Assert.False(p.Retain));
    }

    [Fact]
    public void BatchStaysQueuedUntilAcknowledged()
    {
        var box = new TestBox();
        box.Run(1);
        var pack = box.Link.On(Topics.Telemetry).Single();
        Assert.Equal(4, box.Firmware.Queued);

        box.Run(10); // no PUBACK yet: nothing else is sent, nothing removed
        Assert.Single(box.Link.On(Topics.Telemetry));
        Assert.Equal(4, box.Firmware.Queued);
        Assert.True(box.Firmware.HasPublishInFlight);

        box.Firmware.OnPublishAcknowledged(pack.Token);
        Assert.Equal(0, box.Firmware.Queued);
        Assert.Equal(4, box.Firmware.Published);
    }

    [Fact]
    public void UnacknowledgedPackIsSentAgainAfterThePublishTimeout()
    {
        var box = new TestBox(configure: c => c.PublishTimeoutMs = 5000);
        box.Run(1);
        var first = box.Link.On(Topics.Telemetry).Single();

        box.Run(6);

        var packs = box.Link.On(Topics.Telemetry).ToList();
        Assert.Equal(2, packs.Count);
        Assert.Equal(first.Text, packs[1].Text); // the same readings again; the server stores them once
        box.Firmware.OnPublishAcknowledged(first.Token); // a late PUBACK for the abandoned try changes nothing
        Assert.Equal(4, box.Firmware.Queued);
        box.Firmware.OnPublishAcknowledged(packs[1].Token);
        Assert.Equal(0, box.Firmware.Queued);
    }

    [Fact]
    public void BacklogIsPublishedInDeviceTimeOrderAfterReconnect()
    {
        var box = new TestBox();
        box.Run(5, ackEverything: true);

        box.Link.Drop();
        box.Run(600); // 10 minutes offline: 20 samples go into the queue
        box.Sensors.Lid = true;
        box.Run(1);
        Assert.False(box.Firmware.IsOnline);
        Assert.Equal((20 * 4) + 1, box.Firmware.Queued);

        box.Link.NetworkUp = true;
        box.RunUntilOnline();
        box.Run(10, ackEverything: true);

        Assert.Equal(1, box.Firmware.Reconnects);
        Assert.Equal(0, box.Firmware.Queued);

        var times = box.PublishedTelemetry().Where(r => r.Channel == "c1").Select(r => r.TimeMs).ToList();
        long last = box.Clock.NowMs - 1000;
        Assert.Equal(FakeClock.Start, times[0]);
        Assert.Equal((last - FakeClock.Start) / 30_000, times[^1] / 30_000 - FakeClock.Start / 30_000);
        Assert.All(times.Zip(times.Skip(1)), p => Assert.Equal(30_000, p.Second - p.First)); // ordered, no gap, no duplicate

        // Packs go out in device-time order across both topics, one at a time.
        var packStarts = box.Link.Publishes.Where(p => !p.Retain).Select(p => Senml.Resolve(p.Payload)[0].TimeMs).ToList();
        Assert.Equal(packStarts.Order(), packStarts);
        var lid = Senml.Resolve(box.Link.On(Topics.Events).Single().Payload).Single();
        Assert.Equal("lid", lid.Name);
        Assert.True(lid.Flag);
    }

    [Fact]
    public void LargeBacklogIsSplitIntoPacksOfTheConfiguredSize()
    {
        var box = new TestBox(configure: c => c.MaxRecordsPerPack = 10);
        box.Link.NetworkUp = false;
        box.Run(300);
        int backlog = box.Firmware.Queued;
        box.Link.NetworkUp = true;

        box.RunUntilOnline();
        box.Run(60, ackEverything: true);

        Assert.Equal(40, backlog);
        Assert.Equal(0, box.Firmware.Queued);
        var packs = box.Link.On(Topics.Telemetry).ToList();
        Assert.True(packs.Count >= 4);
        Assert.All(packs, p => Assert.InRange(Senml.Resolve(p.Payload).Count, 1, 10));
        var times = box.PublishedTelemetry().Where(r => r.Channel == "c1").Select(r => r.TimeMs).ToList();
        Assert.Equal(Enumerable.Range(0, times.Count).Select(i => FakeClock.Start + (i * 30_000L)), times);
    }

    [Fact]
    public void QueueSurvivesARebootAndIsPublishedAfterwards()
    {
        var box = new TestBox();
        box.Link.NetworkUp = false;
        box.Run(90);
        Assert.Equal(12, box.Firmware.Queued);

        box.Reboot();
        box.Link.NetworkUp = true;
        box.Run(5, ackEverything: true);

        Assert.Equal(0, box.Firmware.Queued);
        Assert.Equal(4, box.PublishedTelemetry().Count(r => r.Channel == "c1"));
    }

    [Fact]
    public void ReconnectsAreSpacedByTheBackoff()
    {
        var box = new TestBox();
        box.Link.NetworkUp = false;

        box.Run(600);

        // With 1 s base and 5 min cap, 10 minutes of outage needs only a handful of attempts, not 600.
        Assert.InRange(box.Link.ConnectCalls, 3, 20);
    }

    [Fact]
    public void CompartmentOutOfRangeSoundsTheAlarmAndQueuesEvents()
    {
        var box = new TestBox();
        box.Run(1, ackEverything: true);

        box.Sensors.Compartments[0] = 9.5;
        box.Run(30, ackEverything: true);
        Assert.True(box.Alarm.On);

        box.Sensors.Compartments[0] = 6;
        box.Run(32, ackEverything: true);
        Assert.False(box.Alarm.On);

        var events = box.Link.On(Topics.Events).SelectMany(p => Senml.Resolve(p.Payload)).ToList();
        Assert.Equal(["c1.alarm", "c1.alarm"], events.Select(e => e.Name));
        Assert.Equal([true, false], events.Select(e => e.Flag!.Value));
    }

    [Fact]
    public void LidButtonsAndUvcLampAreReportedAsEvents()
    {
        var box = new TestBox();
        box.Run(1, ackEverything: true);

        box.Sensors.Lid = true;
        box.Run(12, ackEverything: true);
        box.Sensors.Lid = false;
        box.Firmware.PressPickup("ORD-42");
        box.Firmware.PressHandover(null);
        box.Firmware.UvcLamp(true);
        box.Run(5, ackEverything: true);

        var events = box.Link.On(Topics.Events).SelectMany(p => Senml.Resolve(p.Payload)).ToList();
        Assert.Equal(["lid", "pickup", "handover", "uvc", "lid"], events.Select(e => e.Name));
        Assert.Equal("ORD-42", events[1].Text);
        Assert.True(events[2].Flag);
        Assert.Equal(12_000, events[4].TimeMs - events[0].TimeMs);
    }

    [Fact]
    public void AcceptedIntervalCommandChangesSamplingAndRepublishesStatus()
    {
        var box = new TestBox();
        box.Run(1, ackEverything: true);

        box.Firmware.OnCommand(Encoding.UTF8.GetBytes("""{"cmd":"interval","value":10}"""));
        box.Run(60, ackEverything: true);

        Assert.Equal(10, box.Firmware.IntervalSeconds);
        var status = box.Link.On(Topics.Status).Last();
        Assert.Equal(10, status.Json().RootElement.GetProperty("interval").GetInt32());
        Assert.InRange(box.PublishedTelemetry().Count(r => r.Channel == "c1"), 6, 7);
    }

    [Fact]
    public void RejectedCommandIsReportedOnTheEventsTopic()
    {
        var box = new TestBox();
        box.Run(1, ackEverything: true);

        box.Firmware.OnCommand(Encoding.UTF8.GetBytes("""{"cmd":"interval","value":3600}"""));
        box.Run(2, ackEverything: true);

        Assert.Equal(30, box.Firmware.IntervalSeconds);
        var rejection = box.Link.On(Topics.Events).SelectMany(p => Senml.Resolve(p.Payload)).Single();
        Assert.Equal("command", rejection.Name);
        Assert.Equal("rejected:out-of-range", rejection.Text);
    }

    [Fact]
    public void FullFlashDropsOldestReadingsAndReportsTheCount()
    {
        var box = new TestBox(queueCapacity: 40);
        box.Link.NetworkUp = false;
        box.Run(600); // 20 samples × 4 records = 80 records into 40 slots

        Assert.Equal(40, box.Firmware.Queued);
        Assert.Equal(40, box.Firmware.Dropped);

        box.Link.NetworkUp = true;
        box.RunUntilOnline();
        long dropped = box.Firmware.Dropped;
        box.Run(5, ackEverything: true);

        var status = box.Link.On(Topics.Status).First().Json().RootElement;
        Assert.Equal(dropped, status.GetProperty("dropped").GetInt64());
        Assert.Equal(FakeClock.Start + (dropped / 4 * 30_000), box.PublishedTelemetry()[0].TimeMs); // the oldest samples went
    }
}
