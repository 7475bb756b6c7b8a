using System.Collections.Concurrent;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Boxes;
using Fleet.Simulator;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// The whole path: simulated boxes running the firmware core publish over real MQTT to the
/// server's embedded broker; the server stores, runs the chilled rule on device time, and
/// pushes the alert to a SignalR client.
/// </summary>
public sealed class SimulatedFleetTests
{
    // Device time runs 60× faster than real time, so five device minutes pass in five seconds.
    private const double Speed = 60;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CoolingFailureRaisesChilledAlertOverSignalR()
    {
        using var server = FleetServer.Start(("Ingestion:MaxClockAheadSeconds", "86400"));
        var alerts = new ConcurrentQueue<AlertView>();
        await using var hub = await server.ConnectToFleetHubAsync(c => c.On<AlertView>("alert", alerts.Enqueue), Cancellation);

        var options = new SimulationOptions { BrokerPort = server.MqttPort, SecretFor = server.ProvisionBox, Boxes = 3, Speed = Speed };
        var faultAt = TimeSpan.FromMinutes(1);
        options.Faults.Add(new ScheduledFault("BX-0002", faultAt, FaultKind.CoolingFailure));
        await using var fleet = new FleetSimulation(options);
        await fleet.StartAsync(Cancellation);
        var start = fleet.DeviceNow;

        var alert = await Eventually.GetAsync(
            () => Task.FromResult(alerts.FirstOrDefault(a => a.Rule == "chilled-too-warm")),
            TimeSpan.FromSeconds(60),
            "a chilled-too-warm alert over SignalR");

        Assert.Equal("BX-0002", alert.BoxId);
        Assert.Equal("c1", alert.Channel);
        Assert.Equal("open", alert.State);
        Assert.Equal("critical", alert.Severity);
        Assert.False(alert.Late);
        // Raised on device time: after the fault plus the five-minute grace, not at arrival.
        Assert.True(alert.RaisedAt >= start + faultAt + TimeSpan.FromMinutes(5), $"raised at {alert.RaisedAt:O}, fleet started {start:O}");
        Assert.True(fleet["BX-0002"].TemperatureOf("c1") > 8);

        var open = await server.Http.GetFromJsonAsync<List<AlertView>>("/api/alerts?state=open", Cancellation);
        Assert.Equal(["BX-0002"], open!.Select(a => a.BoxId));
    }

    [Fact]
    public async Task EveryBoxReportsEveryCompartmentWithItsKind()
    {
        using var server = FleetServer.Start(("Ingestion:MaxClockAheadSeconds", "86400"));
        await using var fleet = new FleetSimulation(new SimulationOptions { BrokerPort = server.MqttPort, SecretFor = server.ProvisionBox, Boxes = 5, Speed = Speed });
        await fleet.StartAsync(Cancellation);

        var boxes = await Eventually.GetAsync(
            async () =>
            {
                var all = await server.Http.GetFromJsonAsync<List<BoxResponse>>("/api/boxes", Cancellation);
                return all!.Count == 5 && all.All(b => b.Online && b.Channels.Count(c => c.Celsius is not null) == 4) ? all : null;
            },
            TimeSpan.FromSeconds(30),
            "five online boxes with a reading on every channel");

        foreach (var box in boxes)
        {
            var kinds = box.Channels.ToDictionary(c => c.Channel, c => c.Kind);
            Assert.Equal("chilled", kinds["c1"]);
            Assert.Equal("frozen", kinds["c2"]);
            Assert.Equal("hot", kinds["c3"]);
            Assert.InRange(box.Channels.Single(c => c.Channel == "c1").Celsius!.Value, 0, 8);
        }
    }

    [Fact]
    public async Task BacklogReplayedAfterNetworkDropRaisesTheAlertAtItsDeviceTime()
    {
        // Whether the alert is marked late is proven in the server's rule tests with a controlled
        // clock: here the device clock runs 60× fast, so arrival time says nothing about lateness.
        using var server = FleetServer.Start(("Ingestion:MaxClockAheadSeconds", "86400"));
        var options = new SimulationOptions { BrokerPort = server.MqttPort, SecretFor = server.ProvisionBox, Boxes = 1, Speed = Speed };
        // The box is offline for 30 device minutes; its cooling fails while it is away.
        options.Faults.Add(new ScheduledFault("BX-0001", TimeSpan.FromMinutes(1), FaultKind.NetworkDrop, TimeSpan.FromMinutes(30)));
        options.Faults.Add(new ScheduledFault("BX-0001", TimeSpan.FromMinutes(2), FaultKind.CoolingFailure));
        await using var fleet = new FleetSimulation(options);
        await fleet.StartAsync(Cancellation);
        var start = fleet.DeviceNow;

        var alert = await Eventually.GetAsync(
            async () => (await server.Http.GetFromJsonAsync<List<AlertView>>("/api/alerts", Cancellation))!.FirstOrDefault(),
            TimeSpan.FromSeconds(90),
            "the alert raised from the replayed backlog");

        Assert.Equal("BX-0001", alert.BoxId);
        Assert.True(fleet["BX-0001"].Reconnects > 0, "the box came back from its outage");
        Assert.InRange(alert.RaisedAt, start + TimeSpan.FromMinutes(7), start + TimeSpan.FromMinutes(31));
    }
}
