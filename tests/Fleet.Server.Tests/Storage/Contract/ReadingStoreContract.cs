using Fleet.Server.Storage;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Storage.Contract;

/// <summary>
/// What every time-series store promises the ingestion, the rules, the dashboard and the evidence
/// export. Each store runs the same tests through its own subclass.
/// </summary>
public abstract class ReadingStoreContract : IAsyncLifetime
{
    protected const long T0 = 1_795_000_000_000;

    private readonly List<StoredBatch> _committed = [];
    private IReadingStore _store = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected string Directory { get; } = FleetServer.NewDataDirectory();

    /// <summary>Opens (or reopens, on the same data) the store under test, started, reporting commits to <paramref name="sink"/>.</summary>
    protected abstract Task<IReadingStore> OpenAsync(ICommittedBatchSink sink);

    public async ValueTask InitializeAsync() => _store = await OpenAsync(new RecordingSink(_committed));

    public virtual async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)_store).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        FleetServer.TryDelete(Directory);
    }

    private static Reading R(string channel, long offsetMs, double value, string box = "BX-1") => new(box, channel, T0 + offsetMs, value, T0 + offsetMs + 5);

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
        Assert.Equal(3, _committed.Sum(b => b.NewReadings.Count + b.NewEvents.Count));
    }

    [Fact]
    public async Task ConcurrentWritesEachLearnWhichOfTheirReadingsWereNew()
    {
        var writes = Enumerable.Range(0, 50)
            .Select(i => _store.WriteAsync("BX-1", [R("c1", i * 1000, i), R("c2", (i % 10) * 1000, i)], [], Ct))
            .ToArray();

        var results = await Task.WhenAll(writes);

        Assert.Equal(50, results.Sum(r => r.NewReadings.Count(x => x.Channel == "c1")));
        Assert.Equal(10, results.Sum(r => r.NewReadings.Count(x => x.Channel == "c2")));
        Assert.Equal(40, results.Sum(r => r.Duplicates));
        Assert.Equal(60, _committed.Sum(b => b.NewReadings.Count));
        Assert.Equal(50, (await _store.QueryAsync("BX-1", "c1", T0, T0 + 100_000, 1000, Ct)).Count);
    }

    [Fact]
    public async Task StoredReadingsAndTheirIdentitySurviveReopeningTheStore()
    {
        await _store.WriteAsync("BX-1", [R("c1", 0, 4.1), R("c1", 30_000, 4.25), R("ambient", 0, 21)], [], Ct);
        await ((IAsyncDisposable)_store).DisposeAsync();

        _store = await OpenAsync(new RecordingSink(_committed));
        var readings = await _store.QueryAsync("BX-1", "c1", T0, T0 + 60_000, 100, Ct);
        var latest = await _store.LatestPerChannelAsync(["BX-1"], ["c1", "c2", "ambient"], Ct);
        var again = await _store.WriteAsync("BX-1", [R("c1", 30_000, 4.25)], [], Ct);

        Assert.Equal([(T0, 4.1, T0 + 5), (T0 + 30_000, 4.25, T0 + 30_005)], readings.Select(r => (r.DeviceTimeMs, r.Value, r.ReceivedAtMs)));
        Assert.Equal([("c1", 4.25), ("ambient", 21.0)], latest.Select(r => (r.Channel, r.Value)));
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
    public async Task TheLatestReadingIsFoundPerBoxAndChannelAndOtherBoxesDoNotLeakIn()
    {
        await _store.WriteAsync("BX-1", [R("c1", 0, 1), R("c1", 60_000, 2), R("c2", 0, -18.5)], [], Ct);
        await _store.WriteAsync("BX 2,x", [R("c1", 90_000, 7, "BX 2,x")], [], Ct);
        await _store.WriteAsync("BX-3", [R("c1", 120_000, 9, "BX-3")], [], Ct);

        var latest = await _store.LatestPerChannelAsync(["BX-1", "BX 2,x"], ["c1", "c2"], Ct);

        Assert.Equal(
            [("BX-1", "c1", T0 + 60_000, 2.0), ("BX-1", "c2", T0, -18.5), ("BX 2,x", "c1", T0 + 90_000, 7.0)],
            latest.Select(r => (r.BoxId, r.Channel, r.DeviceTimeMs, r.Value)));
    }

    [Fact]
    public async Task EventsOfOneNameAreQueriedOldestFirstWithinTheRange()
    {
        await _store.WriteAsync("BX-1", [], [new("BX-1", "uvc", T0 + 60_000, "false", T0), new("BX-1", "uvc", T0, "true", T0), new("BX-1", "lid", T0, "say \"hi\"", T0), new("BX-1", "uvc", T0 + 999_000, "true", T0)], Ct);

        var uvc = await _store.QueryEventsAsync("BX-1", "uvc", T0, T0 + 60_000, Ct);
        var lid = await _store.QueryEventsAsync("BX-1", "lid", T0, T0, Ct);

        Assert.Equal([(T0, "true"), (T0 + 60_000, "false")], uvc.Select(e => (e.DeviceTimeMs, e.Value)));
        Assert.Equal("say \"hi\"", Assert.Single(lid).Value);
    }

    [Fact]
    public async Task TheStoreSaysItIsReachable() => Assert.True(await _store.IsReachableAsync(Ct));

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
