using System;

namespace Fleet.Firmware.Sampling
{
    /// <summary>
    /// When the next sample is due. Slots are aligned to multiples of the interval since the
    /// epoch, so a box samples at :00 and :30 whatever its boot time, and a late step does not
    /// push every later sample back (no drift).
    /// </summary>
    public sealed class SampleSchedule
    {
        private long _nextMs;
        private long _lastMs;
        private bool _started;

        /// <summary>Creates a schedule; the first sample is due at once.</summary>
        public SampleSchedule(int intervalSeconds)
        {
            SetInterval(intervalSeconds);
        }

        /// <summary>The sampling interval, seconds.</summary>
        public int IntervalSeconds { get; private set; }

        /// <summary>Device time the next sample is due, ms (0 before the first).</summary>
        public long NextDueMs
        {
            get { return _nextMs; }
        }

        /// <summary>True when a sample is due at <paramref name="nowMs"/>.</summary>
        public bool IsDue(long nowMs)
        {
            return !_started || nowMs >= _nextMs;
        }

        /// <summary>Records that a sample was taken at <paramref name="nowMs"/> and moves to the next slot after it.</summary>
        public void MarkSampled(long nowMs)
        {
            _started = true;
            _lastMs = nowMs;
            _nextMs = NextSlotAfter(nowMs);
        }

        /// <summary>Changes the interval; the next sample is at the first slot of the new interval after the last sample.</summary>
        public void SetInterval(int intervalSeconds)
        {
            if (intervalSeconds < 1)
            {
                throw new ArgumentOutOfRangeException("intervalSeconds");
            }

            IntervalSeconds = intervalSeconds;
            if (_started)
            {
                _nextMs = NextSlotAfter(_lastMs);
            }
        }

        private long NextSlotAfter(long ms)
        {
            long interval = IntervalSeconds * 1000L;
            long slot = ms / interval;
            if (ms < 0 && slot * interval != ms)
            {
                slot--;
            }

            return (slot + 1) * interval;
        }
    }
}
