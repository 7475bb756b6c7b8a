using Fleet.Server.Storage;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Storage;

public sealed class SqliteReadingStoreTests : IAsyncLifetime
{
    private const long T0 = 1_795_000_000_000;
    private readonly string _directory = FleetServer.NewDataDirectory();
    private readonly List<StoredBatch> _committed = [];
    private SqliteReadingStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _store = await OpenAsync();

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        FleetServer.TryDelete(_directory);
    }

    private async Task<SqliteReadingStore> OpenAsync()
    {
        var options = new StorageOptions { DataDirectory = _directory };
        var store = new SqliteReadingStore(
            new FleetDatabase(options, "/"),
            [new RecordingSink(_committed)],
            Options.Create(options),
            NullLogger<SqliteReadingStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        return store;
    }

    private static Reading R(string channel, long offsetMs, double value) => new("BX-1", channel, T0 + offsetMs, value, T0 + offsetMs + 5);

    [Fact]
    public async Task ARecordWrittenTwiceIsStoredOnceAndReportedAsADuplicate()
    {
        Reading[] readings = [R("c1", 0, 4.1), R("c1", 30_000, 4.2)];
        BoxEvent[] events = [new("BX-1", "lid", T0, "true", T0)];

        var first = await _store.WriteAsync("BX-1", readings, events, Ct);
        var second = await _store.WriteAsync("BX-1", readings, events, Ct);

        Assert.Equal((2, 1, 0), (first.NewReadings.Count, first.NewEvents.Count, first.Duplicates));
        Assert.Equal((0, 0, 3), (second.NewReadings.Count, second.NewEvents.Count, second.Duplicates));
        Assert.Equal(2, (await _store.QueryAsync("BX-1", "c1", T0, T0 + 60_000, 100, Ct)).Count);
    }

    [Fact]
    public async Task ConcurrentWritesAreCommittedTogetherAndEachLearnsWhichOfItsReadingsWereNew()
    {
        var writes = Enumerable.Range(0, 50)
            .Select(i => _store.WriteAsync("BX-1", [R("c1", i * 1000, i), R("c2", (i % 10) * 1000, i)], [], Ct))
            .ToArray();

        var results = await Task.WhenAll(writes);

        Assert.Equal(50, results.Sum(r => r.NewReadings.Count(x => x.Channel == "c1")));
        Assert.Equal(10, results.Sum(r => r.NewReadings.Count(x => x.Channel == "c2")));
        Assert.Equal(40, results.Sum(r => r.Duplicates));
        Assert.Equal(60, _committed.Sum(b => b.NewReadings.Count));
    }

    [Fact]
    public async Task StoredReadingsSurviveClosingAndReopeningTheStore()
    {
        await _store.WriteAsync("BX-1", [R("c1", 0, 4.1), R("c1", 30_000, 4.25), R("ambient", 0, 21)], [], Ct);
        await _store.DisposeAsync();

        _store = await OpenAsync();
        var readings = await _store.QueryAsync("BX-1", "c1", T0, T0 + 60_000, 100, Ct);
        var latest = await _store.LatestPerChannelAsync(["BX-1"], ["c1", "c2", "ambient"], Ct);

        Assert.Equal([(T0, 4.1, T0 + 5), (T0 + 30_000, 4.25, T0 + 30_005)], readings.Select(r => (r.DeviceTimeMs, r.Value, r.ReceivedAtMs)));
        Assert.Equal([("c1", 4.25), ("ambient", 21.0)], latest.Select(r => (r.Channel, r.Value)));
        var again = await _store.WriteAsync("BX-1", [R("c1", 30_000, 4.25)], [], Ct);
        Assert.Equal(1, again.Duplicates);
    }

    [Fact]
    public async Task AQueryReturnsTheRangeOldestFirstUpToTheLimit()
    {
        await _store.WriteAsync("BX-1", [.. Enumerable.Range(0, 10).Select(i => R("c1", (9 - i) * 1000L, i))], [], Ct);

        var readings = await _store.QueryAsync("BX-1", "c1", T0 + 2000, T0 + 8000, 3, Ct);

        Assert.Equal([T0 + 2000, T0 + 3000, T0 + 4000], readings.Select(r => r.DeviceTimeMs));
    }

    [Fact]
    public async Task TheDatabaseRunsInWalMode()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_directory, "fleet.db")}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
    }

    private sealed class RecordingSink(List<StoredBatch> committed) : ICommittedBatchSink
    {
        public ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken)
        {
            lock (committed)
            {
                committed.Add(batch);
            }

            return ValueTask.CompletedTask;
        }
    }
}
