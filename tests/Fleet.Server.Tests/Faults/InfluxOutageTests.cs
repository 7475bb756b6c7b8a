using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;
using MQTTnet;

namespace Fleet.Server.Tests.Faults;

/// <summary>The server on InfluxDB while influxd goes away mid-stream and comes back.</summary>
public sealed class InfluxOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryReadingSentDuringAnInfluxOutageIsStoredExactlyOnceAndRulesKeepRunning()
    {
        await using var influx = await InfluxDaemon.StartAsync();
        await using var server = await FleetServer.StartAsync(
            null,
            "--Storage:TimeSeries=InfluxDb",
            $"--InfluxDb:Url={influx.Url}",
            "--InfluxDb:Database=fleet",
            "--InfluxDb:WriteWaitMilliseconds=200",
            "--InfluxDb:RetryMilliseconds=100",
            "--InfluxDb:RequestTimeoutSeconds=2");
        await using var box = await TestBox.ConnectAsync(server, "BX-INFLUX");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var start = Senml.NowSeconds() - 3600;
        var sent = 0;

        async Task PublishPacksAsync(int from, int to, double celsius)
        {
            for (var pack = from; pack < to; pack++)
            {
                // A tenth of a degree of noise: 120 identical readings in a row would be a stuck sensor (R8), a second alert.
                var readings = Enumerable.Range(0, 10).Select(i => ("c1", (double)(pack * 10 + i) * 6, celsius + (i % 2 * 0.1))).ToArray();
                var result = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, readings));
                Assert.True(result.IsSuccess, $"pack {pack} was not acknowledged: {result.ReasonCode}");
                sent += readings.Length;
            }
        }

        await PublishPacksAsync(0, 20, 4);
        await influx.StopAsync();
        // Too warm for more than five device minutes while InfluxDB is away.
        await PublishPacksAsync(20, 40, 9.5);
        var during = await HealthAsync(server);
        var alerts = await Eventually.ReturnsAsync(() => server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "an alert raised during the outage");
        await PublishPacksAsync(5, 15, 4); // a replayed backlog: duplicates
        await influx.StartAgainAsync();
        await PublishPacksAsync(40, 60, 4);

        await Eventually.ReturnsAsync(() => HealthAsync(server), h => h.GetProperty("spoolBacklog").GetInt64() == 0, "the spool to drain", TimeSpan.FromSeconds(20));
        var ingestion = await server.IngestionAsync();

        Assert.False(during.GetProperty("influxDb").GetBoolean());
        Assert.True(during.GetProperty("spoolBacklog").GetInt64() > 0);
        Assert.Single(alerts);
        Assert.Equal(sent - 100, ingestion!.ReadingsStored);
        Assert.Equal(100, ingestion.Duplicates);
        Assert.Equal(600, await CountInInfluxAsync(influx, "fleet", box.BoxId));
        Assert.Equal(600, await server.ReadingCountAsync(box.BoxId, "c1"));
    }

    [Fact]
    public async Task AnInfluxDbThatAnswersNothingForAWhileDelaysNoAcknowledgementBeyondItsWaitAndLosesNothing()
    {
        await using var influx = await InfluxDaemon.StartAsync();
        await using var server = await FleetServer.StartAsync(
            null,
            "--Storage:TimeSeries=InfluxDb",
            $"--InfluxDb:Url={influx.Url}",
            "--InfluxDb:Database=fleet",
            "--InfluxDb:WriteWaitMilliseconds=500",
            "--InfluxDb:RetryMilliseconds=100",
            "--InfluxDb:RequestTimeoutSeconds=2");
        await using var box = await TestBox.ConnectAsync(server, "BX-SLOW");
        var start = Senml.NowSeconds() - 3600;
        var slowest = TimeSpan.Zero;

        async Task PublishPacksAsync(int from, int to)
        {
            for (var pack = from; pack < to; pack++)
            {
                var readings = Enumerable.Range(0, 10).Select(i => ("c1", (double)(pack * 10 + i) * 6, 4.0)).ToArray();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var result = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, readings));
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                Assert.True(result.IsSuccess, $"pack {pack} was not acknowledged: {result.ReasonCode}");
            }
        }

        await PublishPacksAsync(0, 5);
        await influx.FreezeAsync();
        try
        {
            slowest = TimeSpan.Zero;
            await PublishPacksAsync(5, 25);
        }
        finally
        {
            await influx.ResumeAsync();
        }

        // While InfluxDB hung, each pack was acknowledged once spooled, after at most the write wait (0.5 s) and some slack.
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"the slowest acknowledgement took {slowest.TotalMilliseconds:0} ms");
        await PublishPacksAsync(25, 30);
        await Eventually.ReturnsAsync(() => HealthAsync(server), h => h.GetProperty("spoolBacklog").GetInt64() == 0, "the spool to drain", TimeSpan.FromSeconds(30));
        Assert.Equal(300, await CountInInfluxAsync(influx, "fleet", box.BoxId));
        Assert.Equal((300L, 0L), ((await server.IngestionAsync())!.ReadingsStored, (await server.IngestionAsync())!.Duplicates));
    }

    [Fact]
    public async Task ARestartDuringAnInfluxOutageRebuildsTheGraceFromSpooledReadingsAndRaisesTheAlertOnce()
    {
        await using var influx = await InfluxDaemon.StartAsync();
        var data = FleetServer.NewDataDirectory();
        string[] settings =
        [
            "--Storage:TimeSeries=InfluxDb",
            $"--InfluxDb:Url={influx.Url}",
            "--InfluxDb:Database=fleet",
            "--InfluxDb:WriteWaitMilliseconds=200",
            "--InfluxDb:RetryMilliseconds=100",
            "--InfluxDb:RequestTimeoutSeconds=2",
        ];
        const string boxId = "BX-RESTART";
        var start = Senml.NowSeconds() - 3600;

        static async Task PublishPacksAsync(TestBox box, long start, int from, int to, double celsius)
        {
            for (var pack = from; pack < to; pack++)
            {
                // A tenth of a degree of noise: 120 identical readings in a row would be a stuck sensor (R8), a second alert.
                var readings = Enumerable.Range(0, 10).Select(i => ("c1", (double)(pack * 10 + i) * 6, celsius + (i % 2 * 0.1))).ToArray();
                var result = await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, readings));
                Assert.True(result.IsSuccess, $"pack {pack} was not acknowledged: {result.ReasonCode}");
            }
        }

        try
        {
            await using (var before = await FleetServer.StartAsync(data, settings))
            await using (var box = await TestBox.ConnectAsync(before, boxId))
            {
                await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
                await PublishPacksAsync(box, start, 0, 10, 4); // device minutes 0-10, in InfluxDB
                await Eventually.ReturnsAsync(() => HealthAsync(before), h => h.GetProperty("spoolBacklog").GetInt64() == 0, "the cold readings to reach InfluxDB");
                await influx.StopAsync();
                await PublishPacksAsync(box, start, 10, 14, 9.5); // warm from minute 10 to 13.9: within the five minutes' grace
                Assert.Empty(await before.AlertsAsync("open", boxId));
            }

            await using var after = await FleetServer.StartAsync(data, settings);
            var spooled = await after.ReadingsAsync(boxId, "c1");
            await using var again = await TestBox.ConnectAsync(after, boxId);
            await PublishPacksAsync(again, start, 14, 16, 9.5); // still warm until minute 15.9
            var raised = await Eventually.ReturnsAsync(() => after.AlertsAsync("open", boxId), a => a.Count == 1, "the alert after the restart");
            var firstWarm = DateTimeOffset.FromUnixTimeSeconds(start + 600);

            await influx.StartAgainAsync();
            await Eventually.ReturnsAsync(() => HealthAsync(after), h => h.GetProperty("spoolBacklog").GetInt64() == 0, "the spool to drain", TimeSpan.FromSeconds(20));

            // While InfluxDB is away the API answers from the spool: the 40 warm readings, not the cold ones InfluxDB holds.
            Assert.Equal(40, spooled!.Readings.Count(r => r.Value >= 9.5));
            Assert.Equal(40, spooled.Readings.Count);
            Assert.Equal(firstWarm.AddMinutes(5), Assert.Single(raised).RaisedAt);
            Assert.Single(await after.AlertsAsync("all", boxId));
            Assert.Equal(160, await CountInInfluxAsync(influx, "fleet", boxId));
            Assert.Equal(160, await after.ReadingCountAsync(boxId, "c1"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            FleetServer.TryDelete(data);
        }
    }

    private static async Task<JsonElement> HealthAsync(FleetServer server)
    {
        using var response = await server.Http.GetAsync("/health", Ct);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).Clone();
    }

    /// <summary>Counts the box's points in InfluxDB itself, not through the server.</summary>
    public static async Task<long> CountInInfluxAsync(InfluxDaemon influx, string database, string boxId)
    {
        using var http = new HttpClient { BaseAddress = influx.Url };
        var query = Uri.EscapeDataString($"SELECT count(\"value\") FROM reading WHERE box = '{boxId}'");
        var body = await http.GetFromJsonAsync<JsonElement>($"/query?db={database}&q={query}");
        var result = body.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }
}
