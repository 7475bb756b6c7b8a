using System.Threading.Channels;
using Fleet.Server.Storage;

namespace Fleet.Server.Verdicts;

/// <summary>
/// What the verdicts must look at again: deliveries just handed over, and per box the device-time
/// range of newly committed readings and events (late data may change a verdict). Ranges are merged
/// per box until the worker takes them, so the queue stays as small as the fleet however fast
/// batches commit, and the commit path never waits on it.
/// </summary>
public sealed class VerdictQueue : ICommittedBatchSink
{
    private readonly Lock _gate = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Dictionary<string, (long From, long To)> _ranges = new(StringComparer.Ordinal);
    private HashSet<string> _orders = new(StringComparer.Ordinal);

    public ChannelReader<bool> Signal => _signal.Reader;

    public void HandedOver(string orderId)
    {
        lock (_gate)
        {
            _orders.Add(orderId);
        }

        _signal.Writer.TryWrite(true);
    }

    public ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        long from = long.MaxValue, to = long.MinValue;
        foreach (var reading in batch.NewReadings)
        {
            from = Math.Min(from, reading.DeviceTimeMs);
            to = Math.Max(to, reading.DeviceTimeMs);
        }

        foreach (var e in batch.NewEvents)
        {
            from = Math.Min(from, e.DeviceTimeMs);
            to = Math.Max(to, e.DeviceTimeMs);
        }

        if (from <= to)
        {
            lock (_gate)
            {
                _ranges[batch.BoxId] = _ranges.TryGetValue(batch.BoxId, out var known) ? (Math.Min(known.From, from), Math.Max(known.To, to)) : (from, to);
            }

            _signal.Writer.TryWrite(true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Takes everything queued so far.</summary>
    public (HashSet<string> Orders, Dictionary<string, (long From, long To)> Ranges) Take()
    {
        lock (_gate)
        {
            var taken = (_orders, _ranges);
            _orders = new(StringComparer.Ordinal);
            _ranges = new(StringComparer.Ordinal);
            return taken;
        }
    }
}
