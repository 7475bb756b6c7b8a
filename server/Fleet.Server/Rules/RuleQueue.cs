using System.Threading.Channels;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>
/// Committed batches on their way to the rule stage. Bounded: when the rules fall behind by
/// Storage:RuleQueueCapacity batches, the writer waits, which slows acknowledgements instead of
/// skipping an evaluation.
/// </summary>
public sealed class RuleQueue(IOptions<StorageOptions> options) : ICommittedBatchSink
{
    private readonly Channel<StoredBatch> _channel = Channel.CreateBounded<StoredBatch>(
        new BoundedChannelOptions(options.Value.RuleQueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<StoredBatch> Reader => _channel.Reader;

    public ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken) =>
        batch.NewReadings.Count == 0 ? ValueTask.CompletedTask : _channel.Writer.WriteAsync(batch, cancellationToken);
}
