using BenchmarkDotNet.Attributes;
using Fleet.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// The SQLite store's group commit through the public IReadingStore.WriteAsync: <c>Writers</c>
/// concurrent callers (as concurrent MQTT clients are) each writing <c>ReadingsPerWrite</c>
/// readings, durably, all awaited together.
/// </summary>
[MemoryDiagnoser]
public class StoreBatchingBenchmarks
{
    private string _directory = "";
    private SqliteReadingStore _store = null!;
    private long _nextDeviceTimeMs = 1_700_000_000_000;

    [Params(1, 10, 100)]
    public int Writers { get; set; }

    [Params(1, 10)]
    public int ReadingsPerWrite { get; set; }

    [Params("FULL", "NORMAL")]
    public string Synchronous { get; set; } = "FULL";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("fleet-bench-store-").FullName;
        var options = new StorageOptions { DataDirectory = _directory, Synchronous = Synchronous };
        _store = new SqliteReadingStore(new FleetDatabase(options, _directory), [], Options.Create(options), NullLogger<SqliteReadingStore>.Instance);
        await _store.StartAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    // BenchmarkDotNet reports one round; a reading costs Mean / (Writers x ReadingsPerWrite).
    [Benchmark(Description = "IReadingStore.WriteAsync, one round of concurrent writers")]
    public async Task<int> WriteRound()
    {
        var writes = new Task<StoredBatch>[Writers];
        for (var w = 0; w < Writers; w++)
        {
            var readings = new Reading[ReadingsPerWrite];
            for (var r = 0; r < ReadingsPerWrite; r++)
            {
                var t = _nextDeviceTimeMs++;
                readings[r] = new Reading($"LD-{w:D4}", "c1", t, 4.5, t);
            }

            writes[w] = _store.WriteAsync($"LD-{w:D4}", readings, StoredBatch.NoEvents);
        }

        var stored = 0;
        foreach (var batch in await Task.WhenAll(writes))
        {
            stored += batch.NewReadings.Count;
        }

        return stored;
    }
}
