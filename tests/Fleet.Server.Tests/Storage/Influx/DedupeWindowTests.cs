using System.Net.Http.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Ingestion;
using Fleet.Server.Storage.Influx;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Tests.RealParts;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Tests.Storage.Influx;

/// <summary>
/// The InfluxDB store's dedupe ledger keeps a record's key only for its window (InfluxDb:DedupeWindowDays),
/// so it stays bounded; a record older than the window is refused (too-old), because the store could no
/// longer tell a replay of it from a new record. Against a real influxd.
/// </summary>
public sealed class DedupeWindowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeysOlderThanTheWindowArePrunedAndARecordThatOldIsRefusedNotStoredAgain()
    {
        await using var influx = await InfluxDaemon.StartAsync();
        var data = FleetServer.NewDataDirectory();
        string[] influxSettings = ["--Storage:TimeSeries=InfluxDb", $"--InfluxDb:Url={influx.Url}", "--InfluxDb:Database=fleet", "--InfluxDb:WriteWaitMilliseconds=2000"];
        var fiveDaysAgo = Senml.NowSeconds() - (5 * 86_400);
        var oneDayAgo = Senml.NowSeconds() - 86_400;
        try
        {
            await using (var server = await FleetServer.StartAsync(data, [.. influxSettings, "--InfluxDb:DedupeWindowDays=10"]))
            {
                await using var box = await TestBox.ConnectAsync(server, "BX-WINDOW");
                Assert.True((await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, fiveDaysAgo, ("c1", 0.0, 4.0)))).IsSuccess);
                Assert.True((await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, oneDayAgo, ("c1", 0.0, 5.0)))).IsSuccess);
                Assert.Equal(0, server.GetRequiredService<InfluxReadingStore>().PruneLedger());
            }

            await using (var server = await FleetServer.StartAsync(data, [.. influxSettings, "--InfluxDb:DedupeWindowDays=3"]))
            {
                // The five-day-old key was pruned at start; pruning again finds nothing left to forget.
                Assert.Equal(0, server.GetRequiredService<InfluxReadingStore>().PruneLedger());
                await using var box = await TestBox.ConnectAsync(server, "BX-WINDOW");
                await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, fiveDaysAgo, ("c1", 0.0, 4.0)));
                await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, oneDayAgo, ("c1", 0.0, 5.0)));

                var ingestion = await Eventually.ReturnsAsync(server.IngestionAsync, i => i!.Rejected.GetValueOrDefault(RejectReasons.TooOld) == 1, "the five-day-old replay refused");
                Assert.Contains(ingestion!.Recent, r => r.Reason == RejectReasons.TooOld && r.Detail.Contains("older than the 3 days", StringComparison.Ordinal));
                Assert.Equal((0, 1L), (ingestion.ReadingsStored, ingestion.Duplicates));
            }
        }
        finally
        {
            FleetServer.TryDelete(data);
        }
    }

    [Fact]
    public async Task ABackupCopiesTheSpoolWithItsLedgerBesideFleetDb()
    {
        await using var influx = await InfluxDaemon.StartAsync();
        await using var server = await FleetServer.StartAsync(null, "--Storage:TimeSeries=InfluxDb", $"--InfluxDb:Url={influx.Url}", "--InfluxDb:Database=fleet");
        await using (var box = await TestBox.ConnectAsync(server, "BX-SPOOL"))
        {
            Assert.True((await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, Senml.NowSeconds() - 60, ("c1", 0.0, 4.0), ("c1", 30.0, 4.5)))).IsSuccess);
        }

        var response = await server.Http.PostAsync(new Uri("/api/admin/backup", UriKind.Relative), null, Ct);
        var backup = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Fleet.Server.Backup.BackupResult>(Ct);

        Assert.True(File.Exists(backup!.File));
        Assert.EndsWith("-influx-spool.db", backup.InfluxSpoolFile, StringComparison.Ordinal);
        using var copy = new SqliteConnection($"Data Source={backup.InfluxSpoolFile};Mode=ReadOnly;Pooling=False");
        copy.Open();
        using var count = copy.CreateCommand();
        count.CommandText = "SELECT count(*) FROM ledger_readings WHERE box_id = 'BX-SPOOL';";
        Assert.Equal(2L, (long)count.ExecuteScalar()!);
    }
}
