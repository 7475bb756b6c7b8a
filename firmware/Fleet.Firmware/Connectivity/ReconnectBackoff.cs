using System;

namespace Fleet.Firmware.Connectivity
{
    /// <summary>
    /// Exponential back-off with full jitter between connection attempts: after the n-th failure the
    /// next attempt waits a random time between 0 and min(cap, base * 2^n). The randomness spreads the
    /// reconnects of a whole fleet after a broker outage instead of having them all arrive at once.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private readonly Random _random;
        private long _nextAttemptMs;

        /// <summary>Creates a back-off.</summary>
        /// <param name="baseMs">Ceiling of the first delay, ms (e.g. 1000).</param>
        /// <param name="capMs">Largest delay, ms (e.g. 300000).</param>
        /// <param name="seed">Seed of the jitter; give each box its own (e.g. from its id or MAC).</param>
        public ReconnectBackoff(int baseMs, int capMs, int seed)
        {
            if (baseMs < 1 || capMs < baseMs)
            {
                throw new ArgumentOutOfRangeException("baseMs");
            }

            BaseMs = baseMs;
            CapMs = capMs;
            _random = new Random(seed);
        }

        /// <summary>Ceiling of the first delay, ms.</summary>
        public int BaseMs { get; private set; }

        /// <summary>Largest delay, ms.</summary>
        public int CapMs { get; private set; }

        /// <summary>Failures since the last success.</summary>
        public int Failures { get; private set; }

        /// <summary>Device time before which no attempt is made, ms.</summary>
        public long NextAttemptMs
        {
            get { return _nextAttemptMs; }
        }

        /// <summary>True when an attempt may be made at <paramref name="nowMs"/>.</summary>
        public bool CanAttempt(long nowMs)
        {
            return nowMs >= _nextAttemptMs;
        }

        /// <summary>Records a failed attempt (or a lost connection) at <paramref name="nowMs"/>; returns the delay chosen, ms.</summary>
        public int OnFailure(long nowMs)
        {
            int ceiling = Ceiling(Failures);
            if (Failures < 30)
            {
                Failures++;
            }

            int delay = _random.Next(ceiling + 1);
            _nextAttemptMs = nowMs + delay;
            return delay;
        }

        /// <summary>Records a success: the next failure starts from the base again.</summary>
        public void Reset()
        {
            Failures = 0;
            _nextAttemptMs = 0;
        }

        private int Ceiling(int failures)
        {
            long ceiling = BaseMs;
            for (int i = 0; i < failures && ceiling < CapMs; i++)
            {
                ceiling *= 2;
            }

            return ceiling > CapMs ? CapMs : (int)ceiling;
        }
    }
}
