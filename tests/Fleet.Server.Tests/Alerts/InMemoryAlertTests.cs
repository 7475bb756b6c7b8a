using System.Net;
using Fleet.Firmware.Protocol;
using Fleet.Server.Alerts;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Tests.Alerts;

/// <summary>
/// Alerts the rules decide in memory (<see cref="AlertService.Raise"/>, <see cref="AlertService.Resolve"/>)
/// are announced before their row is written; these tests hold the promises that makes up for it.
/// </summary>
public sealed class InMemoryAlertTests : IDisposable
{
    // A rule code no rule or watch knows, so neither a rebuild nor the watch touches the alerts.
    private const string TestRule = "in-memory-test";

    private readonly string _directory = FleetServer.NewDataDirectory();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        FleetServer.TryDelete(_directory);
    }

    [Fact]
    public async Task AnAlertDecidedInMemoryCanBeHandledAtOnceAndIsStoredWithItsIdAcrossARestart()
    {
        var nowMs = Senml.NowSeconds() * 1000;
        long firstId;
        await using (var first = await FleetServer.StartAsync(_directory))
        {
            await using var box = await TestBox.ConnectAsync(first, "BX-MEM-1");
            await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
            var alerts = first.GetRequiredService<AlertService>();

            Alert raised;
            Alert? found;
            await using (var writeLock = new SqliteConnection($"Data Source={Path.Combine(first.DataDirectory, "fleet.db")}"))
            {
                // Another writer holds the database's write lock: the alert is decided and announced all the same.
                await writeLock.OpenAsync(TestContext.Current.CancellationToken);
                await using var begin = writeLock.CreateCommand();
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

                raised = alerts.Raise(new NewAlert(TestRule, Severities.Critical, box.BoxId, "c1", nowMs, false, 9.5, "too warm"));
                Assert.Contains(alerts.OpenAlerts(), open => open.Id == raised.Id);

                // A read of the store right after the push, before the row could be written, waits for it.
                // (On another thread: SQLite waits for a lock by blocking its caller.)
                var finding = Task.Run(() => alerts.FindAsync(raised.Id, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
                await Task.Delay(300, TestContext.Current.CancellationToken);
                await using var commit = writeLock.CreateCommand();
                commit.CommandText = "COMMIT;";
                await commit.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                found = await finding;
            }

            Assert.Equal((raised.Id, Alert.Open), (found?.Id, found?.State));
            var acknowledged = await first.AcknowledgeAsync(raised.Id, null, "seen at once");

            var resolved = alerts.Resolve(raised.Id, nowMs + 1000, 10.5, "back in range");

            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
            Assert.Equal(FleetServer.AdminName, resolved?.AcknowledgedBy);
            Assert.Equal(raised.Id + 1, alerts.Raise(new NewAlert(TestRule, Severities.Critical, "BX-MEM-2", "c1", nowMs, false, 9, "other box")).Id);
            firstId = raised.Id;
        }

        await using var second = await FleetServer.StartAsync(_directory);
        var stored = (await second.AlertsAsync("all", "BX-MEM-1")).Single();
        Assert.Equal((firstId, "resolved", FleetServer.AdminName, "back in range"), (stored.Id, stored.State, stored.AcknowledgedBy, stored.Message));
        Assert.Equal("open", (await second.AlertsAsync("all", "BX-MEM-2")).Single().State);

        // Ids given in memory continue after the stored ones.
        var next = second.GetRequiredService<AlertService>().Raise(new NewAlert(TestRule, Severities.Critical, "BX-MEM-3", "c1", nowMs, false, 9, "third"));
        Assert.Equal(firstId + 2, next.Id);
    }

    [Fact]
    public async Task ASecondRaiseOfAnUnresolvedAlertReturnsItAndAResolveOfAResolvedOneChangesNothing()
    {
        await using var server = await FleetServer.StartAsync(_directory);
        var alerts = server.GetRequiredService<AlertService>();
        var nowMs = Senml.NowSeconds() * 1000;

        var raised = alerts.Raise(new NewAlert(TestRule, Severities.Critical, "BX-MEM-4", "c1", nowMs, false, 9, "too warm"));
        var again = alerts.Raise(new NewAlert(TestRule, Severities.Critical, "BX-MEM-4", "c1", nowMs + 5000, false, 11, "still too warm"));
        var resolved = alerts.Resolve(raised.Id, nowMs + 9000, null, "back in range");

        Assert.Same(raised, again);
        Assert.Null(alerts.Resolve(raised.Id, nowMs + 9999, null, "twice"));
        var stored = (await server.AlertsAsync("all", "BX-MEM-4")).Single();
        Assert.Equal((raised.Id, "resolved", (long?)(nowMs + 9000), 9.0), (stored.Id, stored.State, stored.ResolvedAt?.ToUnixTimeMilliseconds(), resolved?.PeakCelsius));
    }
}
