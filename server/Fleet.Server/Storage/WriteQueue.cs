using System.Threading.Channels;

namespace Fleet.Server.Storage;

/// <summary>
/// The writes waiting for a store's single writer. The writer takes everything queued, up to a
/// batch size, into one commit, so one fsync acknowledges many messages.
/// </summary>
internal sealed class WriteQueue(int maxBatchRecords)
{
    private readonly Channel<WriteRequest> _requests = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a write; the task completes once the writer has committed it.</summary>
    public Task<StoredBatch> EnqueueAsync(string boxId, IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events, bool writerRunning)
    {
        if (readings.Count == 0 && events.Count == 0)
        {
            return Task.FromResult(new StoredBatch(boxId, StoredBatch.NoReadings, StoredBatch.NoEvents, 0));
        }

        var request = new WriteRequest(boxId, readings, events);
        return writerRunning && _requests.Writer.TryWrite(request)
            ? request.Completion.Task
            : Task.FromException<StoredBatch>(new InvalidOperationException("The reading store is not running."));
    }

    /// <summary>
    /// Waits for writes, then fills <paramref name="batch"/> with what is queued, up to the batch
    /// size. Returns false once the queue is completed and empty.
    /// </summary>
    public async ValueTask<bool> NextBatchAsync(List<WriteRequest> batch)
    {
        batch.Clear();
        if (!await _requests.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            return false;
        }

        var records = 0;
        while (records < maxBatchRecords && _requests.Reader.TryRead(out var request))
        {
            batch.Add(request);
            records += request.Size;
        }

        return true;
    }

    /// <summary>No more writes: the writer finishes what is queued, then stops.</summary>
    public void Complete() => _requests.Writer.TryComplete();

    public static int Records(List<WriteRequest> batch)
    {
        var records = 0;
        foreach (var request in batch)
        {
            records += request.Size;
        }

        return records;
    }

    /// <summary>The commit failed: every caller in the batch learns it (and is not acknowledged).</summary>
    public static void Fail(List<WriteRequest> batch, Exception exception)
    {
        foreach (var request in batch)
        {
            request.Completion.TrySetException(exception);
        }
    }
}
