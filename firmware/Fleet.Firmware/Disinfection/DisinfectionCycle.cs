using System;

namespace Fleet.Firmware.Disinfection
{
    /// <summary>
    /// Tracks one UV-C disinfection cycle: lamp on, then confirmed by the UV sensor (or lamp-current
    /// sense), then the minimum dose time counted only while confirmed. It ends "complete:&lt;seconds&gt;"
    /// when the dose is reached, or "incomplete:&lt;reason&gt;" when the lid opens (lid), the lamp goes
    /// off first (lamp-off) or no confirmation comes for too long (unconfirmed).
    /// </summary>
    public sealed class DisinfectionCycle
    {
        /// <summary>Reason: the lid was opened during the cycle.</summary>
        public const string Lid = "lid";

        /// <summary>Reason: the lamp went off before the dose was reached.</summary>
        public const string LampOff = "lamp-off";

        /// <summary>Reason: the sensor did not confirm UV-C in time.</summary>
        public const string Unconfirmed = "unconfirmed";

        private readonly long _doseMs;
        private readonly long _confirmTimeoutMs;
        private long _lastMs;
        private long _unconfirmedSinceMs;
        private long _dosedMs;

        /// <summary>Creates a tracker.</summary>
        /// <param name="minimumDoseSeconds">Confirmed UV-C time a cycle needs to be complete.</param>
        /// <param name="confirmTimeoutSeconds">How long the lamp may be on without confirmation before the cycle fails.</param>
        public DisinfectionCycle(int minimumDoseSeconds, int confirmTimeoutSeconds)
        {
            if (minimumDoseSeconds < 1 || confirmTimeoutSeconds < 1)
            {
                throw new ArgumentOutOfRangeException("minimumDoseSeconds");
            }

            _doseMs = minimumDoseSeconds * 1000L;
            _confirmTimeoutMs = confirmTimeoutSeconds * 1000L;
        }

        /// <summary>True while a cycle runs.</summary>
        public bool Running { get; private set; }

        /// <summary>Confirmed UV-C time of the running (or last) cycle, ms.</summary>
        public long DosedMs
        {
            get { return _dosedMs; }
        }

        /// <summary>The lamp switched at <paramref name="uptimeMs"/>; returns the event value when this ends a cycle, else null.</summary>
        public string LampSwitched(bool on, long uptimeMs)
        {
            if (on)
            {
                if (!Running)
                {
                    Running = true;
                    _dosedMs = 0;
                    _lastMs = uptimeMs;
                    _unconfirmedSinceMs = uptimeMs;
                }

                return null;
            }

            return Running ? End(Incomplete(LampOff)) : null;
        }

        /// <summary>Advances the cycle to <paramref name="uptimeMs"/>; returns the event value when the cycle ends, else null.</summary>
        public string Step(long uptimeMs, bool confirmed, bool lidOpen)
        {
            if (!Running)
            {
                return null;
            }

            if (lidOpen)
            {
                return End(Incomplete(Lid));
            }

            long elapsed = uptimeMs - _lastMs;
            _lastMs = uptimeMs;
            if (confirmed)
            {
                _dosedMs += elapsed;
                _unconfirmedSinceMs = uptimeMs;
                if (_dosedMs >= _doseMs)
                {
                    return End("complete:" + (_dosedMs / 1000).ToString());
                }
            }
            else if (uptimeMs - _unconfirmedSinceMs >= _confirmTimeoutMs)
            {
                return End(Incomplete(Unconfirmed));
            }

            return null;
        }

        private string End(string value)
        {
            Running = false;
            return value;
        }

        private static string Incomplete(string reason)
        {
            return "incomplete:" + reason;
        }
    }
}
