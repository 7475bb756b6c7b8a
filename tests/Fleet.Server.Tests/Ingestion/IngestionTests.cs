using System.Net;
using System.Text;
using Fleet.Firmware.Protocol;
using Fleet.Server.Ingestion;
using Fleet.Server.Tests.Infrastructure;
using MQTTnet;

namespace Fleet.Server.Tests.Ingestion;

/// <summary>The real server, a real broker on a free port, real SQLite, real MQTT clients.</summary>
public sealed class IngestionTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AStatusAndATelemetryPackPublishedWithQos1AreStoredAndServed()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ING-1");
        var t0 = Senml.NowSeconds() - 120;

        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled), ("c2", CompartmentKinds.Frozen));
        var ack = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, t0, ("c1", 0, 4.3), ("c2", 0, -19.2), ("ambient", 0, 27.5), ("c1", 30, 4.4), ("c1", 60.5, 4.5)));

        // The PUBACK is a receipt: the readings are stored by the time it arrives.
        Assert.True(ack.IsSuccess, ack.ReasonCode.ToString());
        var readings = await _server.ReadingsAsync(box.BoxId, "c1");
        Assert.NotNull(readings);
        Assert.Equal(
            [(t0 * 1000, 4.3), ((t0 + 30) * 1000, 4.4), (t0 * 1000 + 60_500, 4.5)],
            readings.Readings.Select(r => (r.T.ToUnixTimeMilliseconds(), r.Value)));
        Assert.All(readings.Readings, r => Assert.True(r.ReceivedAt > r.T));

        var registered = await _server.BoxAsync(box.BoxId);
        Assert.NotNull(registered);
        Assert.True(registered.Online);
        Assert.Equal("1.0.0", registered.Firmware);
        Assert.Equal(
            [("c1", "chilled", (double?)4.5), ("c2", "frozen", -19.2), ("ambient", "ambient", 27.5)],
            registered.Channels.Select(c => (c.Channel, c.Kind, c.Celsius)));
    }

    [Fact]
    public async Task ABoxThatPublishesAfterAStaleLastWillIsOnlineAgain()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ING-WILL");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));

        // The will of an earlier connection that timed out, delivered after the box reconnected.
        await box.PublishAsync(Topics.Status, """{"v":1,"state":"offline"}""", retain: true);
        Assert.False((await _server.BoxAsync(box.BoxId))!.Online);

        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds(), ("c1", 0, 4.0)));

        Assert.True((await _server.BoxAsync(box.BoxId))!.Online);
    }

    [Fact]
    public async Task ThePackPublishedTwiceIsStoredOnce()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ING-2");
        var pack = Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 60, ("c1", 0, 5.0), ("c1", 30, 5.1), ("c1", 60, 5.2));

        await box.PublishAsync(Topics.Telemetry, pack);
        await box.PublishAsync(Topics.Telemetry, pack);

        Assert.Equal(3, await _server.ReadingCountAsync(box.BoxId, "c1"));
        var stats = await _server.IngestionAsync();
        Assert.NotNull(stats);
        Assert.True(stats.Duplicates >= 3, $"duplicates: {stats.Duplicates}");
    }

    [Fact]
    public async Task APackWithOneBadRecordKeepsTheGoodOnesAndCountsTheRejection()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ING-3");
        var t0 = Senml.NowSeconds() - 60;
        var pack = $$"""[{"bn":"BX-ING-3:","bt":{{t0}},"bu":"Cel","n":"c1","v":4.0},{"n":"c1","t":10,"v":999},{"n":"c1","t":20,"v":4.2}]""";

        await box.PublishAsync(Topics.Telemetry, pack);

        Assert.Equal(2, await _server.ReadingCountAsync(box.BoxId, "c1"));
        var stats = await _server.IngestionAsync();
        Assert.NotNull(stats);
        Assert.True(stats.Rejected[RejectReasons.OutOfRange] >= 1);
        var rejection = Assert.Single(stats.Recent, r => r.BoxId == box.BoxId);
        Assert.Equal((RejectReasons.OutOfRange, "fleet/v1/boxes/BX-ING-3/telemetry"), (rejection.Reason, rejection.Topic));
        Assert.Contains("999", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedPayloadNeitherDisconnectsItsSenderNorOthersNorStopsTheBroker()
    {
        await using var bad = await TestBox.ConnectAsync(_server, "BX-ING-4");
        await using var good = await TestBox.ConnectAsync(_server, "BX-ING-5");

        await bad.PublishRawAsync(Topics.For(bad.BoxId, Topics.Telemetry), [0xFF, 0xFE, 0x00, 0x7B, 0x5B]);
        await bad.PublishAsync(Topics.Telemetry, """[{"n":"c1","v":""");
        await bad.PublishAsync(Topics.Status, "{\"state\":42}");
        await bad.PublishRawAsync($"fleet/v1/boxes/{bad.BoxId}/not-a-kind", Encoding.UTF8.GetBytes("[]"));
        await bad.PublishAsync(Topics.Telemetry, "[" + new string('[', 5000) + "]");
        var ack = await good.PublishAsync(Topics.Telemetry, Senml.Telemetry(good.BoxId, Senml.NowSeconds() - 10, ("c1", 0, 3.0)));

        Assert.True(bad.IsConnected);
        Assert.True(good.IsConnected);
        Assert.True(ack.IsSuccess);
        Assert.Equal(1, await _server.ReadingCountAsync(good.BoxId, "c1"));
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        var stats = await _server.IngestionAsync();
        Assert.NotNull(stats);
        Assert.True(stats.Rejected[RejectReasons.Malformed] >= 4, $"malformed: {stats.Rejected[RejectReasons.Malformed]}");
        Assert.True(stats.Rejected[RejectReasons.BadTopic] >= 1);
    }

    [Fact]
    public async Task ABoxPublishingOutsideItsOwnTopicsIsRefusedAndCounted()
    {
        // Every broker client is a box (docs/security.md), so a topic outside fleet/v1/boxes/{its id}/ is refused.
        await using var box = await TestBox.ConnectAsync(_server, "BX-ING-6");

        await box.PublishRawAsync("other/app/topic", Encoding.UTF8.GetBytes("not senml"));

        Assert.True(box.IsConnected);
        var stats = await _server.IngestionAsync();
        Assert.NotNull(stats);
        Assert.Contains(stats.Recent, r => r.Topic == "other/app/topic" && r.Reason == RejectReasons.ForeignTopic);
    }

    [Fact]
    public async Task WhenTheStoreCannotCommitTheMessageIsNotAcknowledgedAndTheClientIsDisconnected()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ING-7");
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 30, ("c1", 0, 3.0)));
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_server.DataDirectory, "fleet.db")}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            // Simulates a store that fails to commit: the writer's next INSERT has no table.
            command.CommandText = "ALTER TABLE readings RENAME TO readings_away;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 20, ("c1", 0, 3.1))));

        await Eventually.ReturnsAsync(() => Task.FromResult(box.IsConnected), connected => !connected, "the client to be disconnected");
        var stats = await _server.IngestionAsync();
        Assert.NotNull(stats);
        Assert.Equal(1, stats.StoreFailures);
    }
}
