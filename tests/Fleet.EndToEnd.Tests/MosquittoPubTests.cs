using System.Net.Http.Json;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Boxes;
using Fleet.Server.Ingestion;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// A third party sends what docs/protocol.md shows, with Debian's real mosquitto_pub. QoS 1
/// makes mosquitto_pub wait for the PUBACK, which the server sends only after the durable
/// commit, so each reading must be readable the moment the command returns.
/// </summary>
public sealed class MosquittoPubTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadingCopiedFromTheProtocolPageIsStoredAndServed()
    {
        using var server = FleetServer.Start();

        var secret = ExampleSecret(server);

        await Shell.RunAsync(ProtocolExamples.For("status", server.MqttPort), secret, Cancellation);
        await Shell.RunAsync(ProtocolExamples.For("telemetry", server.MqttPort), secret, Cancellation);

        var stored = await server.Http.GetFromJsonAsync<ReadingsResponse>("/api/boxes/BX-9001/readings?channel=c1", Cancellation);
        var reading = Assert.Single(stored!.Readings);
        Assert.Equal(4.5, reading.Value);
        Assert.InRange(DateTimeOffset.UtcNow - reading.T, TimeSpan.Zero, TimeSpan.FromMinutes(1));

        var box = await server.Http.GetFromJsonAsync<BoxResponse>("/api/boxes/BX-9001", Cancellation);
        Assert.True(box!.Online);
        var c1 = Assert.Single(box.Channels, c => c.Channel == "c1");
        Assert.Equal("chilled", c1.Kind);
        Assert.Equal(4.5, c1.Celsius);
    }

    [Fact]
    public async Task EventCopiedFromTheProtocolPageIsAccepted()
    {
        using var server = FleetServer.Start();

        await Shell.RunAsync(ProtocolExamples.For("events", server.MqttPort), ExampleSecret(server), Cancellation);

        var ingestion = await server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Cancellation);
        Assert.Equal(2, ingestion!.EventsStored);
        Assert.All(ingestion.Rejected.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task SamePackPublishedTwiceIsStoredOnce()
    {
        using var server = FleetServer.Start();
        var send = Publish(server, "BX-0002", "telemetry", """[{"bn":"BX-0002:","bt":1795000000,"bu":"Cel","n":"c1","v":3.9},{"n":"c1","t":30,"v":4.1}]""");

        await send();
        await send();

        var stored = await server.Http.GetFromJsonAsync<ReadingsResponse>(
            "/api/boxes/BX-0002/readings?channel=c1&from=2026-11-01T00:00:00Z", Cancellation);
        Assert.Equal([3.9, 4.1], stored!.Readings.Select(r => r.Value));
        var ingestion = await server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Cancellation);
        Assert.Equal(2, ingestion!.Duplicates);
    }

    [Fact]
    public async Task MalformedPayloadIsRejectedWithItsReasonAndGoodDataStillFlows()
    {
        using var server = FleetServer.Start();

        await Publish(server, "BX-0003", "telemetry", "this is not SenML")();
        await Publish(server, "BX-0003", "telemetry", """[{"bn":"BX-0003:","bt":1795000000,"bu":"Cel","n":"c1","v":5.0},{"n":"c9","v":5.0},{"n":"c2","v":900}]""")();

        var ingestion = await server.Http.GetFromJsonAsync<IngestionSnapshot>("/api/ingestion", Cancellation);
        Assert.Equal(1, ingestion!.Rejected["malformed"]);
        Assert.Equal(1, ingestion.Rejected["unknown-channel"]);
        Assert.Equal(1, ingestion.Rejected["out-of-range"]);
        Assert.Contains(ingestion.Recent, r => r.Reason == "malformed" && r.BoxId == "BX-0003");
        Assert.Equal(1, ingestion.ReadingsStored);
    }

    private static Dictionary<string, string> ExampleSecret(FleetServer server) =>
        new() { ["BOX_SECRET"] = server.ProvisionBox(ProtocolExamples.ExampleBox) };

    /// <summary>mosquitto_pub as the box itself: client id and username the box id, its secret as password.</summary>
    private static Func<Task> Publish(FleetServer server, string boxId, string kind, string payload)
    {
        var secret = new Dictionary<string, string> { ["BOX_SECRET"] = server.ProvisionBox(boxId) };
        return () => Shell.RunAsync(
            $"mosquitto_pub -h 127.0.0.1 -p {server.MqttPort} -i {boxId} -u {boxId} -P \"$BOX_SECRET\" -q 1 -t fleet/v1/boxes/{boxId}/{kind} -m '{payload}'",
            secret,
            Cancellation);
    }
}
