using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Ingestion;

/// <summary>
/// A token bucket per box, so one flooding box runs dry without slowing any other. Buckets outlive
/// connections: a box cannot refill its allowance by reconnecting.
/// </summary>
public sealed class PublishRateLimiter(IOptions<MqttOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _rate = options.Value.PublishesPerSecond;
    private readonly int _burst = options.Value.PublishBurst;

    /// <summary>True when the box may publish now; false when it has used its allowance.</summary>
    public bool TryAcquire(string boxId)
    {
        var now = time.GetTimestamp();
        if (!_buckets.TryGetValue(boxId, out var bucket))
        {
            bucket = _buckets.GetOrAdd(boxId, _ => new TokenBucket(_rate, _burst, now, time.TimestampFrequency));
        }

        return bucket.TryTake(now);
    }
}
