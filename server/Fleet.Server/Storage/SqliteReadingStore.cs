using Fleet.Server.Storage.Chain;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Storage;

/// <summary>
/// Readings and events in SQLite, written by one group-commit writer: every request queued while
/// the previous transaction was committing goes into the next transaction, so one fsync
/// acknowledges many messages. Duplicates are ignored by the primary key and reported as such.
/// </summary>
public sealed class SqliteReadingStore(
    FleetDatabase database,
    IEnumerable<ICommittedBatchSink> sinks,
    IOptions<StorageOptions> options,
    ILogger<SqliteReadingStore> logger) : IReadingStore, IHostedService, IAsyncDisposable
{
    private readonly WriteQueue _queue = new(options.Value.MaxBatchRecords);
    private readonly CommittedHandOver _handOver = new(sinks, logger);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ChainHeads _chainHeads = new();
    private Task? _writer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        database.EnsureCreated();
        using (var connection = database.Open())
        {
            _chainHeads.Load(connection);
        }

        StorageLog.Opened(logger, database.FilePath, options.Value.Synchronous);
        _writer ??= Task.Run(RunWriterAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Complete();
        // Everything queued is still committed; only the hand-over to later stages is cut short.
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // The token source is not disposed: it has no timer, and the container may dispose this twice
    // (once as itself, once as IReadingStore).
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    public Task<StoredBatch> WriteAsync(string boxId, IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events, CancellationToken cancellationToken = default) =>
        _queue.EnqueueAsync(boxId, readings, events, writerRunning: _writer is not null);

    public async Task<IReadOnlyList<StoredReading>> QueryAsync(string boxId, string channel, long fromMs, long toMs, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t, value, received_at FROM readings
            WHERE box_id = $box AND channel = $channel AND t BETWEEN $from AND $to
            ORDER BY t LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<StoredReading>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredReading(channel, reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2)));
        }

        return result;
    }

    public async Task<IReadOnlyList<Reading>> LatestPerChannelAsync(IReadOnlyCollection<string> boxIds, IReadOnlyList<string> channels, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        // One index seek per box and channel; a GROUP BY over the table would scan every reading ever stored.
        command.CommandText = "SELECT t, value, received_at FROM readings WHERE box_id = $box AND channel = $channel ORDER BY t DESC LIMIT 1;";
        var box = command.Parameters.Add("$box", SqliteType.Text);
        var channel = command.Parameters.Add("$channel", SqliteType.Text);
        var result = new List<Reading>();
        foreach (var boxId in boxIds)
        {
            foreach (var name in channels)
            {
                box.Value = boxId;
                channel.Value = name;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result.Add(new Reading(boxId, name, reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2)));
                }
            }
        }

        return result;
    }

    public async Task<IReadOnlyList<BoxEvent>> QueryEventsAsync(string boxId, string name, long fromMs, long toMs, CancellationToken cancellationToken = default)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT t, value, received_at FROM events WHERE box_id = $box AND name = $name AND t BETWEEN $from AND $to ORDER BY t;";
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        var result = new List<BoxEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new BoxEvent(boxId, name, reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return result;
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = database.Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_version;";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return _writer is { IsCompleted: false };
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private async Task RunWriterAsync()
    {
        var pending = new List<WriteRequest>();
        GroupCommitSession? session = null;
        try
        {
            while (await _queue.NextBatchAsync(pending).ConfigureAwait(false))
            {
                StoredBatch[] results;
                try
                {
                    session ??= new GroupCommitSession(database.Open(), _chainHeads);
                    results = session.Commit(pending);
                }
                catch (Exception exception)
                {
                    StorageLog.CommitFailed(logger, pending.Count, WriteQueue.Records(pending), exception);
                    // A fresh connection next time: the failure may have left this one unusable.
                    session?.Dispose();
                    session = null;
                    WriteQueue.Fail(pending, exception);
                    continue;
                }

                for (var i = 0; i < pending.Count; i++)
                {
                    pending[i].Completion.TrySetResult(results[i]);
                }

                await _handOver.HandOverAsync(results, _stopping.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            session?.Dispose();
        }
    }
}
