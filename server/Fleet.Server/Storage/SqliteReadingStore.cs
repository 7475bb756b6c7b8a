using System.Threading.Channels;
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
    private readonly Channel<WriteRequest> _requests = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ICommittedBatchSink[] _sinks = [.. sinks];
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _maxBatchRecords = options.Value.MaxBatchRecords;
    private Task? _writer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        database.EnsureCreated();
        StorageLog.Opened(logger, database.FilePath, options.Value.Synchronous);
        _writer ??= Task.Run(RunWriterAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _requests.Writer.TryComplete();
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

    public Task<StoredBatch> WriteAsync(string boxId, IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events, CancellationToken cancellationToken = default)
    {
        if (readings.Count == 0 && events.Count == 0)
        {
            return Task.FromResult(new StoredBatch(boxId, StoredBatch.NoReadings, StoredBatch.NoEvents, 0));
        }

        var request = new WriteRequest(boxId, readings, events);
        if (_writer is null || !_requests.Writer.TryWrite(request))
        {
            return Task.FromException<StoredBatch>(new InvalidOperationException("The reading store is not running."));
        }

        return request.Completion.Task;
    }

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
            while (await _requests.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                pending.Clear();
                var records = 0;
                while (records < _maxBatchRecords && _requests.Reader.TryRead(out var request))
                {
                    pending.Add(request);
                    records += request.Size;
                }

                StoredBatch[] results;
                try
                {
                    session ??= new GroupCommitSession(database.Open());
                    results = session.Commit(pending);
                }
                catch (Exception exception)
                {
                    StorageLog.CommitFailed(logger, pending.Count, records, exception);
                    // A fresh connection next time: the failure may have left this one unusable.
                    session?.Dispose();
                    session = null;
                    foreach (var request in pending)
                    {
                        request.Completion.TrySetException(exception);
                    }

                    continue;
                }

                for (var i = 0; i < pending.Count; i++)
                {
                    pending[i].Completion.TrySetResult(results[i]);
                }

                await HandOverAsync(results).ConfigureAwait(false);
            }
        }
        finally
        {
            session?.Dispose();
        }
    }

    private async Task HandOverAsync(StoredBatch[] results)
    {
        foreach (var batch in results)
        {
            if (batch.NewReadings.Count == 0 && batch.NewEvents.Count == 0)
            {
                continue;
            }

            foreach (var sink in _sinks)
            {
                try
                {
                    await sink.OnCommittedAsync(batch, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    StorageLog.SinkFailed(logger, exception);
                }
            }
        }
    }
}
