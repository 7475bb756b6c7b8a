using System.Diagnostics.Metrics;
using Fleet.Server.Storage;
using Fleet.Server.Storage.Influx;
using Fleet.Server.Tests.RealParts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Storage.Contract;

/// <summary>The contract against a real influxd; each test writes to a database of its own.</summary>
public sealed class InfluxStoreContractTests(InfluxFixture influx) : ReadingStoreContract, IClassFixture<InfluxFixture>
{
    private readonly string _database = "t" + Guid.NewGuid().ToString("N");

    protected override Task<IReadingStore> OpenAsync(ICommittedBatchSink sink) => influx.OpenStoreAsync(Directory, _database, sink);
}

/// <summary>
/// The contract while InfluxDB cannot be reached at all: every record stays in the spool, and the
/// queries answer from it (a restart during an outage reads the same way).
/// </summary>
public sealed class InfluxStoreDuringAnOutageContractTests(InfluxFixture influx) : ReadingStoreContract, IClassFixture<InfluxFixture>
{
    private readonly Uri _nobodyListens = new($"http://127.0.0.1:{Infrastructure.FleetServer.FreeTcpPort()}");

    protected override Task<IReadingStore> OpenAsync(ICommittedBatchSink sink) => influx.OpenStoreAsync(Directory, "fleet", sink, writeWaitMilliseconds: 0, url: _nobodyListens);
}

/// <summary>One influxd for a test class, and a way to open stores against it.</summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public InfluxDaemon Daemon { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Daemon = await InfluxDaemon.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync();
        await _services.DisposeAsync();
    }

    public async Task<IReadingStore> OpenStoreAsync(string directory, string database, ICommittedBatchSink sink, int writeWaitMilliseconds = 5000, Uri? url = null)
    {
        var storage = new StorageOptions { DataDirectory = directory, TimeSeries = StorageOptions.InfluxDb };
        var influx = new InfluxOptions { Url = (url ?? Daemon.Url).ToString(), Database = database, WriteWaitMilliseconds = writeWaitMilliseconds, RetryMilliseconds = 100 };
        var store = new InfluxReadingStore(
            new FleetDatabase(storage, "/"), [sink], Options.Create(storage), Options.Create(influx),
            TimeProvider.System, _services.GetRequiredService<IMeterFactory>(), NullLogger<InfluxReadingStore>.Instance);
        await store.StartAsync(CancellationToken.None);
        return store;
    }
}
