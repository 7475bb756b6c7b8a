using System.Threading.Channels;
using Fleet.Server.Storage;

namespace Fleet.Server.Live;

/// <summary>
/// Stored batches waiting to be pushed to browsers. It never makes the writer wait: when browsers
/// fall far behind, the oldest batches are dropped, since the store, not the live view, is the record.
/// </summary>
public sealed class LiveReadingsQueue : ICommittedBatchSink
{
    private readonly Channel<StoredBatch> _channel = Channel.CreateBounded<StoredBatch>(
        new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest });

    public ChannelReader<StoredBatch> Reader => _channel.Reader;

    public ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        if (batch.NewReadings.Count > 0)
        {
            _channel.Writer.TryWrite(batch);
        }

        return ValueTask.CompletedTask;
    }
}
