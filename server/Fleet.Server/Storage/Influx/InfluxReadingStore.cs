using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Fleet.Server.Storage.Chain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Storage.Influx;

/// <summary>
/// Readings and events in InfluxDB, behind the same contract as the SQLite store. A write is
/// acknowledged once the local spool has committed it (durable, deduplicated by the ledger); it
/// then waits up to InfluxDb:WriteWaitMilliseconds for InfluxDB to have it too, so while InfluxDB is
/// healthy a reader sees its own writes, and while it is down or slow the PUBACK is not held up.
/// The rule stage and the live layer get the new records right after the spool commit, so they
/// keep running through an InfluxDB outage.
/// </summary>
public sealed class InfluxReadingStore : IReadingStore, IHostedService, IAsyncDisposable
{
    private readonly WriteQueue _queue;
    private readonly CommittedHandOver _handOver;
    private readonly InfluxOptions _options;
    private readonly InfluxSpool _spool;
    private readonly HttpClient _client;
    private readonly InfluxHttp _influx;
    private readonly InfluxReplayer _replayer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly FleetDatabase _database;
    private readonly ChainHeads _chainHeads = new();
    private SqliteConnection? _chainConnection;
    private ChainAppender? _chain;
    private readonly TimeProvider _time;
    private Task? _writer;
    private Task? _replaying;
    private Task? _pruning;
    private volatile bool _readingSpoolAlone;

    public InfluxReadingStore(
        FleetDatabase database,
        IEnumerable<ICommittedBatchSink> sinks,
        IOptions<StorageOptions> storage,
        IOptions<InfluxOptions> options,
        TimeProvider time,
        IMeterFactory meters,
        ILogger<InfluxReadingStore> logger)
    {
        _handOver = new CommittedHandOver(sinks, logger);
        _database = database;
        _options = options.Value;
        _queue = new WriteQueue(storage.Value.MaxBatchRecords);
        _logger = logger;
        _spool = new InfluxSpool(Path.Combine(Path.GetDirectoryName(database.FilePath)!, "influx-spool.db"), storage.Value.Synchronous.ToUpperInvariant());
        _client = InfluxHttp.CreateClient(_options);
        _influx = new InfluxHttp(_client, _options);
        _replayer = new InfluxReplayer(_spool, _influx, _options, time, meters, logger);
        _time = time;
    }

    /// <summary>How often the dedupe ledger forgets the keys older than its window.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromHours(6);

    /// <summary>Forgets the ledger's keys older than the dedupe window; ingestion refuses records that old.</summary>
    public int PruneLedger()
    {
        var pruned = _spool.PruneLedger(_time.GetUtcNow().ToUnixTimeMilliseconds() - (_options.DedupeWindowDays * 86_400_000L));
        InfluxLog.LedgerPruned(_logger, pruned, _options.DedupeWindowDays);
        return pruned;
    }

    private void TryPruneLedger()
    {
        try
        {
            PruneLedger();
        }
        catch (SqliteException exception)
        {
            InfluxLog.LedgerPruneFailed(_logger, exception);
        }
    }

    private async Task RunPruningAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PruneEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                TryPruneLedger();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Records spooled locally and not yet in InfluxDB.</summary>
    public long Backlog => _replayer.Backlog;

    public bool InfluxReachable => _replayer.InfluxReachable;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.CreateDatabase)
        {
            try
            {
                using var _ = await _influx.QueryAsync("CREATE DATABASE " + QuoteIdentifier(_options.Database), write: true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                // Not fatal: the spool takes writes and the replayer delivers them once InfluxDB is there.
                InfluxLog.CreateDatabaseFailed(_logger, exception);
            }
        }

        if (_chain is null)
        {
            // The chain stays in fleet.db. Its commit follows the spool's and skips an fsync of its
            // own (synchronous=NORMAL): it survives a crash of the process, and the next checkpoint syncs it.
            _chainConnection = _database.OpenForDerivedData();
            _chainHeads.Load(_chainConnection);
            _chain = new ChainAppender(_chainConnection, _chainHeads);
        }

        // Once at start (a shorter window takes effect at once), then every PruneEvery.
        TryPruneLedger();
        InfluxLog.Opened(_logger, _options.Url, _options.Database, _spool.FilePath, _replayer.Backlog);
        _writer ??= Task.Run(RunWriterAsync, CancellationToken.None);
        _replaying ??= Task.Run(() => _replayer.RunAsync(_stopping.Token), CancellationToken.None);
        _pruning ??= Task.Run(() => RunPruningAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Complete();
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_replaying is not null)
        {
            await _replaying.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_pruning is not null)
        {
            await _pruning.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _spool.Dispose();
        _chain?.Dispose();
        _chainConnection?.Dispose();
        _replayer.Dispose();
        _client.Dispose();
    }

    public Task<StoredBatch> WriteAsync(string boxId, IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events, CancellationToken cancellationToken = default) =>
        _queue.EnqueueAsync(boxId, readings, events, writerRunning: _writer is not null);

    public async Task<IReadOnlyList<StoredReading>> QueryAsync(string boxId, string channel, long fromMs, long toMs, int limit, CancellationToken cancellationToken = default)
    {
        // The spool first: a record the replayer delivers between the two reads is in InfluxDB by then.
        var spooled = SpoolHolds ? _spool.Read(c => SpooledRecords.Readings(c, boxId, channel, fromMs, toMs, limit)) : [];
        var stored = await FromInfluxAsync(
            token => QueryInfluxAsync(boxId, channel, fromMs, toMs, limit, token),
            cancellationToken).ConfigureAwait(false) ?? [];
        return SpoolMerge.ByDeviceTime(stored, spooled, static r => r.DeviceTimeMs, limit);
    }

    public async Task<IReadOnlyList<Reading>> LatestPerChannelAsync(IReadOnlyCollection<string> boxIds, IReadOnlyList<string> channels, CancellationToken cancellationToken = default)
    {
        if (boxIds.Count == 0 || channels.Count == 0)
        {
            return [];
        }

        var spoolHolds = SpoolHolds;
        var stored = await FromInfluxAsync(token => LatestInInfluxAsync(boxIds, channels, token), cancellationToken).ConfigureAwait(false);
        if (stored is not null && !spoolHolds)
        {
            return stored;
        }

        // Per box and channel the newer of InfluxDB's and the spool's; without InfluxDB the spool
        // also remembers the newest reading it delivered of each channel.
        var found = new Dictionary<(string, string), Reading>();
        foreach (var reading in stored ?? [])
        {
            found[(reading.BoxId, reading.Channel)] = reading;
        }

        return _spool.Read(connection =>
        {
            var result = new List<Reading>();
            foreach (var box in boxIds)
            {
                foreach (var channel in channels)
                {
                    Reading? latest = found.TryGetValue((box, channel), out var inInflux) ? inInflux : null;
                    foreach (var candidate in (Reading?[])[spoolHolds ? SpooledRecords.Latest(connection, box, channel, shipped: false) : null, stored is null ? SpooledRecords.Latest(connection, box, channel, shipped: true) : null])
                    {
                        if (candidate is { } c && (latest is not { } l || c.DeviceTimeMs > l.DeviceTimeMs))
                        {
                            latest = c;
                        }
                    }

                    if (latest is { } newest)
                    {
                        result.Add(newest);
                    }
                }
            }

            return result;
        });
    }

    public async Task<IReadOnlyList<BoxEvent>> QueryEventsAsync(string boxId, string name, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        var spooled = SpoolHolds ? _spool.Read(c => SpooledRecords.Events(c, boxId, name, fromMs, toMs)) : [];
        var stored = await FromInfluxAsync(
            token => QueryEventsInInfluxAsync(boxId, name, fromMs, toMs, token),
            cancellationToken).ConfigureAwait(false) ?? [];
        return SpoolMerge.ByDeviceTime(stored, spooled, static e => e.DeviceTimeMs, int.MaxValue);
    }

    /// <summary>Records of one box in [from, to] spooled and not yet in InfluxDB, with their chain links.</summary>
    internal (List<(Reading Reading, long Link)> Readings, List<(BoxEvent Event, long Link)> Events) SpooledLinked(string boxId, long fromMs, long toMs) =>
        SpoolHolds ? _spool.Read(c => SpooledRecords.Linked(c, boxId, fromMs, toMs)) : ([], []);

    /// <summary>Whether anything waits in the spool; the reads skip it when not.</summary>
    private bool SpoolHolds => _replayer.Backlog > 0;

    /// <summary>
    /// InfluxDB's answer, or null while InfluxDB cannot be read: the caller then answers from the
    /// spool alone, which holds everything acknowledged since the outage began (a restart during an
    /// outage rebuilds its rule state from it) but not what InfluxDB held before. Such partial
    /// answers are logged once per outage and counted (fleet.influx.reads.spool_only).
    /// </summary>
    private async Task<T?> FromInfluxAsync<T>(Func<CancellationToken, Task<T>> query, CancellationToken cancellationToken)
        where T : class
    {
        Exception? failure = null;
        if (_replayer.InfluxReachable)
        {
            try
            {
                var answer = await query(cancellationToken).ConfigureAwait(false);
                _readingSpoolAlone = false;
                return answer;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failure = exception;
            }
        }

        _replayer.ReadFromSpoolAlone();
        if (!_readingSpoolAlone)
        {
            _readingSpoolAlone = true;
            InfluxLog.ReadingSpoolAlone(_logger, _replayer.Backlog, failure);
        }

        return null;
    }

    private async Task<List<StoredReading>> QueryInfluxAsync(string boxId, string channel, long fromMs, long toMs, int limit, CancellationToken cancellationToken)
    {
        var query = $"SELECT \"value\", received_at FROM {LineProtocol.ReadingMeasurement} WHERE box = {LineProtocol.Literal(boxId)} AND channel = {LineProtocol.Literal(channel)} AND time >= {fromMs}ms AND time <= {toMs}ms ORDER BY time ASC LIMIT {limit}";
        using var document = await _influx.QueryAsync(query, write: false, cancellationToken).ConfigureAwait(false);
        var result = new List<StoredReading>();
        foreach (var (_, _, values) in Series(document))
        {
            foreach (var row in values.EnumerateArray())
            {
                result.Add(new StoredReading(channel, row[0].GetInt64(), row[1].GetDouble(), row[2].GetInt64()));
            }
        }

        return result;
    }

    private async Task<List<Reading>> LatestInInfluxAsync(IReadOnlyCollection<string> boxIds, IReadOnlyList<string> channels, CancellationToken cancellationToken)
    {
        var result = new List<Reading>();

        // One query per chunk of boxes: GROUP BY the tags with LIMIT 1 gives each series' newest point.
        var channelFilter = string.Join(" OR ", channels.Select(c => "channel = " + LineProtocol.Literal(c)));
        foreach (var chunk in boxIds.Chunk(100))
        {
            var boxFilter = string.Join(" OR ", chunk.Select(b => "box = " + LineProtocol.Literal(b)));
            var query = $"SELECT \"value\", received_at FROM {LineProtocol.ReadingMeasurement} WHERE ({boxFilter}) AND ({channelFilter}) GROUP BY box, channel ORDER BY time DESC LIMIT 1";
            using var document = await _influx.QueryAsync(query, write: false, cancellationToken).ConfigureAwait(false);
            var found = new Dictionary<(string, string), Reading>();
            foreach (var (box, channel, values) in Series(document))
            {
                var row = values[0];
                found[(box, channel)] = new Reading(box, channel, row[0].GetInt64(), row[1].GetDouble(), row[2].GetInt64());
            }

            // In the caller's order of boxes and channels, as the SQLite store answers.
            foreach (var box in chunk)
            {
                foreach (var channel in channels)
                {
                    if (found.TryGetValue((box, channel), out var reading))
                    {
                        result.Add(reading);
                    }
                }
            }
        }

        return result;
    }

    private async Task<List<BoxEvent>> QueryEventsInInfluxAsync(string boxId, string name, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var query = $"SELECT \"value\", received_at FROM {LineProtocol.EventMeasurement} WHERE box = {LineProtocol.Literal(boxId)} AND \"name\" = {LineProtocol.Literal(name)} AND time >= {fromMs}ms AND time <= {toMs}ms ORDER BY time ASC";
        using var document = await _influx.QueryAsync(query, write: false, cancellationToken).ConfigureAwait(false);
        var result = new List<BoxEvent>();
        foreach (var (_, _, values) in Series(document))
        {
            foreach (var row in values.EnumerateArray())
            {
                result.Add(new BoxEvent(boxId, name, row[0].GetInt64(), row[1].GetString()!, row[2].GetInt64()));
            }
        }

        return result;
    }

    /// <summary>The store takes writes while its spool does; InfluxDB itself may be away (see Backlog).</summary>
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_writer is { IsCompleted: false });

    /// <summary>Runs a read-only InfluxQL query on the store's database (epoch=ms), for the chain's record reader.</summary>
    internal Task<JsonDocument> QueryRawAsync(string influxQl, CancellationToken cancellationToken) => _influx.QueryAsync(influxQl, write: false, cancellationToken);

    /// <summary>True when InfluxDB answers /ping.</summary>
    public Task<bool> PingAsync(CancellationToken cancellationToken) => _influx.PingAsync(cancellationToken);

    private static IEnumerable<(string Box, string Channel, JsonElement Values)> Series(JsonDocument document)
    {
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var one in series.EnumerateArray())
            {
                var tags = one.TryGetProperty("tags", out var t) ? t : default;
                var box = tags.ValueKind == JsonValueKind.Object && tags.TryGetProperty("box", out var b) ? b.GetString()! : "";
                var channel = tags.ValueKind == JsonValueKind.Object && tags.TryGetProperty("channel", out var c) ? c.GetString()! : "";
                if (one.TryGetProperty("values", out var values) && values.GetArrayLength() > 0)
                {
                    yield return (box, channel, values);
                }
            }
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private async Task RunWriterAsync()
    {
        var pending = new List<WriteRequest>();
        while (await _queue.NextBatchAsync(pending).ConfigureAwait(false))
        {
            var results = new StoredBatch[pending.Count];
            long seq;
            SqliteTransaction? chainTransaction = null;
            try
            {
                chainTransaction = _chainConnection!.BeginTransaction();
                _chain!.Transaction = chainTransaction;
                seq = _spool.Commit(pending, results, _chain);
            }
            catch (Exception exception)
            {
                chainTransaction?.Dispose();
                _chainHeads.Discard();
                InfluxLog.CommitFailed(_logger, pending.Count, WriteQueue.Records(pending), exception);
                WriteQueue.Fail(pending, exception);
                continue;
            }

            CommitChain(chainTransaction);

            var newRecords = 0;
            foreach (var batch in results)
            {
                newRecords += batch.NewReadings.Count + batch.NewEvents.Count;
            }

            if (newRecords > 0)
            {
                _replayer.Spooled(newRecords);
            }

            _ = CompleteWhenShippedAsync([.. pending], results, seq);
            await _handOver.HandOverAsync(results, _stopping.Token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Commits the links after the spool committed their records. Should fleet.db refuse, the records
    /// are durable all the same and are acknowledged; the missing links then show in verification,
    /// and the numbers are not given out again.
    /// </summary>
    private void CommitChain(SqliteTransaction chainTransaction)
    {
        try
        {
            chainTransaction.Commit();
        }
        catch (SqliteException exception)
        {
            InfluxLog.ChainCommitFailed(_logger, exception);
        }
        finally
        {
            chainTransaction.Dispose();
            _chainHeads.Publish();
        }
    }

    private async Task CompleteWhenShippedAsync(WriteRequest[] requests, StoredBatch[] results, long seq)
    {
        // Durable already; the wait only gives readers their own writes while InfluxDB keeps up.
        if (seq > 0)
        {
            await _replayer.WaitShippedAsync(seq, TimeSpan.FromMilliseconds(_options.WriteWaitMilliseconds)).ConfigureAwait(false);
        }

        for (var i = 0; i < requests.Length; i++)
        {
            requests[i].Completion.TrySetResult(results[i]);
        }
    }
}
