using Fleet.Firmware.Protocol;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;
using MQTTnet;
using MQTTnet.Protocol;

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

    private Task<FleetServer> StartServerAsync(MosquittoBroker broker, params string[] moreSettings) => FleetServer.StartAsync(
        _directory,
        [
            "--Mqtt:Mode=External",
            "--Mqtt:External:Host=127.0.0.1",
            $"--Mqtt:External:Port={broker.Port}",
            $"--Mqtt:External:ClientId={_clientId}",
            "--Mqtt:External:ReconnectMilliseconds=100",
            .. moreSettings,
        ]);

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
    public async Task ACommandIsPublishedThroughTheExternalBrokerToTheBoxsCommandTopic()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var server = await StartServerAsync(broker);
        await using var box = await TestBox.ConnectAsync(broker.Port, "BX-CMD", secret: null);
        var received = new TaskCompletionSource<(string Topic, string Payload, MqttQualityOfServiceLevel QoS)>(TaskCreationOptions.RunContinuationsAsynchronously);
        box.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(), e.ApplicationMessage.QualityOfServiceLevel));
            return Task.CompletedTask;
        };
        await box.Client.SubscribeAsync(Topics.For(box.BoxId, Topics.Commands), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        await Eventually.ReturnsAsync(() => Task.FromResult(server.GetRequiredService<Fleet.Server.Ingestion.IMqttIngress>().IsRunning), up => up, "the server's connection to mosquitto");

        using var response = await server.Http.PostAsync(
            "/api/devices/BX-CMD/commands",
            new StringContent("""{"cmd":"resend","from":1795000000,"to":1795003600}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        var command = await received.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("fleet/v1/boxes/BX-CMD/commands", MqttQualityOfServiceLevel.AtLeastOnce), (command.Topic, command.QoS));
        Assert.Equal("resend", System.Text.Json.JsonDocument.Parse(command.Payload).RootElement.GetProperty("cmd").GetString());
    }

    [Fact]
    public async Task ACommandWhileTheBrokerIsAwayIsRefusedWithAReason()
    {
        var broker = await MosquittoBroker.StartAsync();
        await using var server = await StartServerAsync(broker);
        await broker.DisposeAsync();
        await Eventually.ReturnsAsync(() => Task.FromResult(server.GetRequiredService<Fleet.Server.Ingestion.IMqttIngress>().IsRunning), up => !up, "the server to notice the broker is gone");

        using var response = await server.Http.PostAsync(
            "/api/devices/BX-CMD/commands",
            new StringContent("""{"cmd":"resend","from":1795000000,"to":1795003600}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not connected", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
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

    [Fact]
    public async Task ABacklogFarLargerThanTheLimitIsTakenInAtMostTheLimitAtATimeAndStoredExactlyOnce()
    {
        const int limit = 4;
        await using var broker = await MosquittoBroker.StartAsync();
        var start = Senml.NowSeconds() - 3600;
        // The first start creates the persistent session; while the server is down the broker queues 300 packs for it.
        await (await StartServerAsync(broker)).DisposeAsync();
        await using (var box = await TestBox.ConnectAsync(broker.Port, "BX-BURST", secret: null))
        {
            for (var pack = 0; pack < 300; pack++)
            {
                var readings = Enumerable.Range(0, 10).Select(i => ("c1", (double)(pack * 10 + i), 4.0)).ToArray();
                Assert.True((await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, readings))).IsSuccess);
            }
        }

        // On resumption mosquitto delivers far more than its max_inflight_messages at once; the server may take in only 4.
        await using var server = await StartServerAsync(broker, $"--Mqtt:External:MaxUnacknowledged={limit}");
        long mostSeen = 0;
        var ingestion = await Eventually.ReturnsAsync(
            async () =>
            {
                var now = await server.IngestionAsync();
                mostSeen = Math.Max(mostSeen, now!.ExternalUnacknowledged);
                return now;
            },
            i => i!.ReadingsStored + i.Duplicates >= 3000 && i.ExternalUnacknowledged == 0,
            "the backlog of 3,000 readings to be stored",
            TimeSpan.FromSeconds(60));

        Assert.Equal(3000, await server.ReadingCountAsync("BX-BURST", "c1"));
        Assert.Equal(3000, ingestion!.ReadingsStored);
        Assert.InRange(mostSeen, 0, limit);
        // The server's own high-water mark: the limit was reached (the backlog pressed on it) and never passed.
        Assert.Equal(limit, ingestion.ExternalUnacknowledgedPeak);
    }
}
