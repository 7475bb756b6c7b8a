namespace Fleet.Server.Ingestion;

/// <summary>One box's publish allowance: up to <c>burst</c> tokens, refilled at <c>rate</c> per second.</summary>
internal sealed class TokenBucket(double rate, int burst, long now, long ticksPerSecond)
{
    private readonly Lock _gate = new();
    private double _tokens = burst;
    private long _last = now;

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake(long now)
    {
        lock (_gate)
        {
            var elapsed = (double)(now - _last) / ticksPerSecond;
            _last = now;
            _tokens = Math.Min(burst, _tokens + (elapsed * rate));
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
