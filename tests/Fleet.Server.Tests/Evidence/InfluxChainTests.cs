using System.Globalization;
using System.Text;
using Fleet.Server.Storage;
using Fleet.Server.Storage.Chain;
using Fleet.Server.Storage.Influx;
using Fleet.Server.Tests.Storage.Contract;

namespace Fleet.Server.Tests.Evidence;

/// <summary>
/// The chain on the InfluxDB store against a real influxd: links in fleet.db, the link number on
/// every point, tampered with through InfluxDB's own HTTP API.
/// </summary>
public sealed class InfluxChainTests(InfluxFixture influx) : ChainContract, IClassFixture<InfluxFixture>
{
    private readonly string _database = "t" + Guid.NewGuid().ToString("N");

    protected override Task<IReadingStore> OpenAsync() => influx.OpenStoreAsync(Directory, _database, new NoSink());

    protected override IChainRecordReader Reader(IReadingStore store) => new InfluxChainRecordReader((InfluxReadingStore)store);

    /// <summary>Writes the same point (same tags and time) again with another value: InfluxDB keeps the new one.</summary>
    protected override async Task ChangeStoredReadingAsync(string boxId, string channel, long deviceTimeMs, double value)
    {
        var stored = (await Store.QueryAsync(boxId, channel, deviceTimeMs, deviceTimeMs, 1, Ct)).Single();
        var line = string.Create(CultureInfo.InvariantCulture, $"reading,box={boxId},channel={channel} value={value} {deviceTimeMs}\n");
        using var http = new HttpClient { BaseAddress = influx.Daemon.Url };
        using var response = await http.PostAsync($"write?db={_database}&precision=ms", new StringContent(line, Encoding.UTF8), Ct);
        response.EnsureSuccessStatusCode();
        Assert.Equal(value, (await Store.QueryAsync(boxId, channel, deviceTimeMs, deviceTimeMs, 1, Ct)).Single().Value);
        Assert.NotEqual(value, stored.Value);
    }

    protected override async Task DeleteStoredReadingAsync(string boxId, string channel, long deviceTimeMs)
    {
        var query = $"DELETE FROM reading WHERE box = '{boxId}' AND channel = '{channel}' AND time = {deviceTimeMs}ms";
        using var http = new HttpClient { BaseAddress = influx.Daemon.Url };
        using var response = await http.PostAsync($"query?db={_database}&q={Uri.EscapeDataString(query)}", null, Ct);
        response.EnsureSuccessStatusCode();
        Assert.Empty(await Store.QueryAsync(boxId, channel, deviceTimeMs, deviceTimeMs, 1, Ct));
    }

    private sealed class NoSink : ICommittedBatchSink
    {
        public ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
