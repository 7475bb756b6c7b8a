using BenchmarkDotNet.Attributes;
using Fleet.Server.Alerts;
using Fleet.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Benchmarks.Micro;

/// <summary>
/// What the rule loop spends to raise and resolve one alert, on a SQLite file in a temp folder:
/// decided in memory and written by <see cref="AlertWriter"/> behind it (what the rules do), against
/// waiting for the row to be written before going on (what the rules did before, and what the
/// watch's delivery alerts still do).
/// </summary>
[MemoryDiagnoser]
public class AlertDecisionBenchmarks
{
    private string _directory = "";
    private AlertWriter _writer = null!;
    private AlertService _alerts = null!;
    private long _deviceTimeMs = 1_700_000_000_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("fleet-bench-alerts-").FullName;
        var store = new SqliteAlertStore(new FleetDatabase(new StorageOptions { DataDirectory = _directory }, _directory), TimeProvider.System);
        _writer = new AlertWriter(store, NullLogger<AlertWriter>.Instance);
        _alerts = new AlertService(store, _writer, TimeProvider.System);
        await _alerts.EnsureLoadedAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _writer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Raise + Resolve in memory, written behind")]
    public long InMemory()
    {
        var t = _deviceTimeMs += 1000;
        var raised = _alerts.Raise(new NewAlert("chilled", Severities.Critical, "LD-0001", "c1", t, false, 9, "too warm"));
        return _alerts.Resolve(raised.Id, t + 500, 9, "back in range")?.Id ?? 0;
    }

    [Benchmark(Description = "RaiseAsync + ResolveAsync, each awaiting its row")]
    public async Task<long> Durable()
    {
        var t = _deviceTimeMs += 1000;
        var raised = await _alerts.RaiseAsync(new NewAlert("chilled", Severities.Critical, "LD-0001", "c1", t, false, 9, "too warm"), CancellationToken.None);
        return (await _alerts.ResolveAsync(raised.Id, t + 500, 9, "back in range", CancellationToken.None))?.Id ?? 0;
    }
}
