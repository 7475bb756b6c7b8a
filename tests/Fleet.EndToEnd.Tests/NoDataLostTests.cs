using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Boxes;
using Fleet.Server.Ingestion;
using Fleet.Simulator;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// A box that loses its network keeps sampling into its flash queue and, once back, replays
/// it; the server stores every reading once, at its device time.
/// </summary>
public sealed class NoDataLostTests
{
    // Five-minute sampling (EN 12830's longest interval for trips under 24 h) at 3600× speed:
    // a day of device time passes in 24 s, and each 25 ms simulator step covers 90 device
    // seconds, well inside one interval.
    private const int IntervalSeconds = 300;
    private const double Speed = 3600;

    private static readonly string[] Channels = ["c1", "c2", "c3", "ambient"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BoxOfflineForADayReplaysEveryReadingOnceWhenItReconnects()
    {
        using var server = FleetServer.Start(("Ingestion:MaxClockAheadSeconds", "604800"));
        var options = new SimulationOptions { BrokerPort = server.MqttPort, SecretFor = server.ProvisionBox, Boxes = 1, Speed = Speed, IntervalSeconds = IntervalSeconds };
        var outageStart = TimeSpan.FromMinutes(30);
        var outage = TimeSpan.FromHours(24);
        options.Faults.Add(new ScheduledFault("BX-0001", outageStart, FaultKind.NetworkDrop, outage));
        await using var fleet = new FleetSimulation(options);
        await fleet.StartAsync(Cancellation);
        var start = fleet.DeviceNow;
        var box = fleet["BX-0001"];

        // Back online, with the whole day replayed and an hour of live readings after it.
        await Eventually.GetAsync(
            () => Task.FromResult(box.Reconnects > 0 && box.Queued == 0 && fleet.DeviceNow > start + outageStart + outage + TimeSpan.FromHours(1) ? box : null),
            TimeSpan.FromSeconds(90),
            "the box back online with an empty queue");
        await fleet.StopAsync();

        // Nothing dropped, and every record the box took is stored exactly once, or is still in
        // its flash (or was in flight) when the simulation stopped.
        Assert.Equal(0, box.Dropped);
        var ingestion = await server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Cancellation);
        Assert.InRange(ingestion!.ReadingsStored + ingestion.EventsStored, box.Published, box.Published + box.Queued);

        // The outage itself was replayed: each channel has readings from its start to its end.
        // (Exact spacing is not checked: under CPU load a simulator step can run late, which
        // moves or skips a sample in simulated time — the box's behaviour, not a loss.)
        var outageFrom = start + outageStart;
        var outageTo = outageFrom + outage;
        foreach (var channel in Channels)
        {
            var stored = await ReadingsAsync(server, channel, outageFrom, outageTo);
            Assert.True(stored.Count >= 0.9 * (outage.TotalSeconds / IntervalSeconds), $"{channel}: {stored.Count} readings over the outage");
            Assert.InRange(stored[0].T - outageFrom, TimeSpan.Zero, TimeSpan.FromSeconds(2 * IntervalSeconds));
            Assert.InRange(outageTo - stored[^1].T, TimeSpan.Zero, TimeSpan.FromSeconds(2 * IntervalSeconds));
        }
    }

    private static async Task<IReadOnlyList<ReadingResponse>> ReadingsAsync(FleetServer server, string channel, DateTimeOffset from, DateTimeOffset to)
    {
        var query = $"channel={channel}&from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";
        var response = await server.Http.GetFromJsonAsync<ReadingsResponse>($"/api/boxes/BX-0001/readings?{query}", Cancellation);
        return response!.Readings;
    }
}
