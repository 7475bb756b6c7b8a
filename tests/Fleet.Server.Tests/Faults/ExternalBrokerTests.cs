using Fleet.Firmware.Protocol;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;

namespace Fleet.Server.Tests.Faults;

/// <summary>The server as a client of a real mosquitto, through its own restart and the broker's.</summary>
public sealed class ExternalBrokerTests : IDisposable
{
    private readonly string _directory = FleetServer.NewDataDirectory();
    private readonly string _clientId = "fleet-test-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        FleetServer.TryDelete(_directory);
    }

    private Task<FleetServer> StartServerAsync(MosquittoBroker broker) => FleetServer.StartAsync(
        _directory,
        "--Mqtt:Mode=External",
        "--Mqtt:External:Host=127.0.0.1",
        $"--Mqtt:External:Port={broker.Port}",
        $"--Mqtt:External:ClientId={_clientId}",
        "--Mqtt:External:ReconnectMilliseconds=100");

    private static async Task<int> PublishPacksAsync(TestBox box, long start, int from, int to)
    {
        var sent = 0;
        for (var pack = from; pack < to; pack++)
        {
            var readings = Enumerable.Range(0, 10).Select(i => ("c1", (double)(pack * 10 + i) * 6, 4.0)).ToArray();
            var result = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, readings));
            Assert.True(result.IsSuccess, $"pack {pack}: {result.ReasonCode}");
            sent += readings.Length;
        }

        return sent;
    }

    [Fact]
    public async Task ReadingsPublishedWhileTheServerIsDownAndTheBrokerRestartsAreStoredExactlyOnce()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var start = Senml.NowSeconds() - 3600;
        var first = await StartServerAsync(broker);
        await using (var box = await TestBox.ConnectAsync(broker.Port, "BX-EXT", secret: null))
        {
            await PublishPacksAsync(box, start, 0, 20);
            await Eventually.ReturnsAsync(() => first.ReadingCountAsync("BX-EXT", "c1"), n => n == 200, "the first 200 readings");
            await first.DisposeAsync();

            // The server is down: the broker keeps these for its persistent session.
            await PublishPacksAsync(box, start, 20, 40);
        }

        await broker.StopAsync();
        await broker.StartAgainAsync();
        await using (var box = await TestBox.ConnectAsync(broker.Port, "BX-EXT", secret: null))
        {
            await PublishPacksAsync(box, start, 40, 50);
            await PublishPacksAsync(box, start, 0, 10); // a device replaying what was already stored
        }

        await using var second = await StartServerAsync(broker);
        await Eventually.ReturnsAsync(() => second.ReadingCountAsync("BX-EXT", "c1"), n => n >= 500, "all 500 readings", TimeSpan.FromSeconds(20));
        var ingestion = await Eventually.ReturnsAsync(() => second.IngestionAsync(), i => i!.ReadingsStored + i.Duplicates == 400, "every delivered reading to be counted");

        Assert.Equal(500, await second.ReadingCountAsync("BX-EXT", "c1"));
        Assert.Equal((300L, 100L), (ingestion!.ReadingsStored, ingestion.Duplicates));
    }
}
