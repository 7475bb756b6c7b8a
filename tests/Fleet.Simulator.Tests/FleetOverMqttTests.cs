using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Simulator.Tests.Support;

namespace Fleet.Simulator.Tests;

public sealed class FleetOverMqttTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryBoxPublishesSenmlPacksWithItsBaseNameAndIncreasingDeviceTimes()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var subscriber = await Subscriber.ConnectAsync(broker.Port, "fleet/v1/boxes/+/telemetry", "fleet/v1/boxes/+/status");
        await using var simulation = new FleetSimulation(new SimulationOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, Boxes = 3, Speed = 60, Start = Start });

        await simulation.StartAsync(TestContext.Current.CancellationToken);
        string[] ids = ["BX-0001", "BX-0002", "BX-0003"];
        await Eventually.Until(() => ids.All(id => C1Times(subscriber, id).Count >= 4), Deadline, "4 samples arrived from each box");

        Assert.Equal(ids, simulation.Boxes.Select(b => b.BoxId));
        foreach (var id in ids)
        {
            var packs = Telemetry(subscriber, id).ToList();
            Assert.All(packs.SelectMany(Senml.Resolve), r => Assert.Equal(id + ":", r.BaseName));
            var times = C1Times(subscriber, id);
            Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second > p.First, "device times increase"));
            Assert.True(times[0] >= Start.ToUnixTimeMilliseconds());
            Assert.All(packs.SelectMany(Senml.Resolve).Where(r => r.Name == "c1"), r => Assert.InRange(r.Value!.Value, 2, 6));

            var status = subscriber.Messages.Where(m => m.Topic == Topics.For(id, Topics.Status)).Select(m => JsonDocument.Parse(m.Payload).RootElement).First();
            Assert.Equal("online", status.GetProperty("state").GetString());
            Assert.Equal(3, status.GetProperty("compartments").GetArrayLength());
        }

        Assert.All(simulation.Boxes, b => Assert.True(b.Connected));
        Assert.InRange(simulation.DeviceNow, Start.AddMinutes(1), Start.AddHours(1));
    }

    [Fact]
    public async Task SamplesTakenDuringANetworkDropArriveAfterReconnectWithoutGaps()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var subscriber = await Subscriber.ConnectAsync(broker.Port, "fleet/v1/boxes/+/telemetry");
        await using var simulation = new FleetSimulation(new SimulationOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, Boxes = 1, Speed = 60, Start = Start });
        var box = simulation["BX-0001"];
        await simulation.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.Until(() => C1Times(subscriber, "BX-0001").Count >= 2, Deadline, "the first samples arrived");

        box.DropNetwork(TimeSpan.FromMinutes(10));
        var dropEnd = simulation.DeviceNow.AddMinutes(10).ToUnixTimeMilliseconds();
        await Eventually.Until(() => !box.Connected, Deadline, "the box noticed the drop");
        await Eventually.Until(() => box.Queued >= 20 * 4, Deadline, "the box queued 10 minutes of samples");
        await Eventually.Until(() => C1Times(subscriber, "BX-0001").Any(t => t > dropEnd + 60_000) && box.Queued < 8, Deadline, "the backlog was replayed");

        // Every 30-second slot from the first sample to the last has exactly one sample: nothing was lost.
        var slots = C1Times(subscriber, "BX-0001").Select(t => t / 30_000).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(0, slots.Count).Select(i => slots[0] + i), slots);
        Assert.True(slots.Count >= 20 + 2 + 2);
        Assert.True(box.Connected);
        Assert.True(box.Reconnects >= 1);
    }

    [Fact]
    public async Task BrokerAnnouncesABoxOfflineWhenItsPowerIsCut()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var subscriber = await Subscriber.ConnectAsync(broker.Port, "fleet/v1/boxes/+/status");
        var simulation = new FleetSimulation(new SimulationOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, Boxes = 1, Speed = 60, Start = Start });
        await simulation.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.Until(() => simulation.Boxes[0].Connected, Deadline, "the box connected");

        await simulation.StopAsync();

        await Eventually.Until(() => States(subscriber).LastOrDefault() == "offline", Deadline, "the last will arrived");
        Assert.Equal(["online", "offline"], States(subscriber));
    }

    [Fact]
    public async Task RebootedBoxReplaysItsFlashQueue()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var subscriber = await Subscriber.ConnectAsync(broker.Port, "fleet/v1/boxes/+/telemetry");
        await using var simulation = new FleetSimulation(new SimulationOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, Boxes = 1, Speed = 60, Start = Start });
        var box = simulation["BX-0001"];
        await simulation.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.Until(() => box.Connected, Deadline, "the box connected");

        box.DropNetwork(TimeSpan.FromMinutes(3));
        await Eventually.Until(() => box.Queued >= 4 * 4, Deadline, "samples queued offline");
        box.Reboot();
        await Eventually.Until(() => box.Connected && box.Queued < 8, Deadline, "the rebooted box replayed its queue");

        var slots = C1Times(subscriber, "BX-0001").Select(t => t / 30_000).Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range(0, slots.Count).Select(i => slots[0] + i), slots);
    }

    [Fact]
    public async Task IntervalCommandFromTheServerChangesTheSamplingRate()
    {
        await using var broker = await InProcessBroker.StartAsync();
        await using var subscriber = await Subscriber.ConnectAsync(broker.Port, "fleet/v1/boxes/+/telemetry", "fleet/v1/boxes/+/status");
        await using var simulation = new FleetSimulation(new SimulationOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, Boxes = 1, Speed = 60, Start = Start });
        await simulation.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.Until(() => simulation.Boxes[0].Connected, Deadline, "the box connected");

        await subscriber.PublishAsync(Topics.For("BX-0001", Topics.Commands), """{"cmd":"interval","value":10}""");

        await Eventually.Until(
            () => subscriber.Messages.Any(m => m.Topic.EndsWith("/status", StringComparison.Ordinal) && JsonDocument.Parse(m.Payload).RootElement.GetProperty("interval").GetInt32() == 10),
            Deadline,
            "the box announced its new interval");
        var changedAt = simulation.DeviceNow.ToUnixTimeMilliseconds();
        await Eventually.Until(() => C1Times(subscriber, "BX-0001").Count(t => t > changedAt) >= 4, Deadline, "samples at the new interval arrived");
        var after = C1Times(subscriber, "BX-0001").Where(t => t > changedAt).ToList();
        Assert.All(after.Zip(after.Skip(1)), p => Assert.InRange(p.Second - p.First, 5_000, 15_000));
    }

    private static IEnumerable<byte[]> Telemetry(Subscriber subscriber, string boxId) =>
        subscriber.Messages.Where(m => m.Topic == Topics.For(boxId, Topics.Telemetry)).Select(m => m.Payload);

    private static List<long> C1Times(Subscriber subscriber, string boxId) =>
        Telemetry(subscriber, boxId).SelectMany(Senml.Resolve).Where(r => r.Name == "c1").Select(r => r.TimeMs).ToList();

    private static List<string> States(Subscriber subscriber) =>
        subscriber.Messages.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("state").GetString()!).ToList();
}
