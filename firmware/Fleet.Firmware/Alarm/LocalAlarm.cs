using System;
using Fleet.Firmware.Hardware;
using Fleet.Firmware.Protocol;
using Fleet.Firmware.Queue;

namespace Fleet.Firmware.Alarm
{
    /// <summary>
    /// Sounds the box's buzzer while any compartment is out of its range, and queues a
    /// "cN.alarm" event each time a compartment's alarm starts or stops. An alarm starts beyond
    /// the bound and stops only once the temperature is back by the hysteresis, so a reading
    /// hovering at the threshold does not flap.
    /// </summary>
    public sealed class LocalAlarm
    {
        private readonly IAlarmOutput _output;
        private readonly StoreAndForwardQueue _queue;
        private readonly AlarmRange[] _ranges = new AlarmRange[Channels.MaxCompartments + 1];
        private readonly bool[] _active = new bool[Channels.MaxCompartments + 1];
        private bool _outputOn;

        /// <summary>Creates an alarm with no compartments.</summary>
        /// <param name="output">The buzzer and LED; may be null.</param>
        /// <param name="queue">Where the alarm events go.</param>
        /// <param name="hysteresis">How far back inside the range a reading must be to stop the alarm, °C.</param>
        public LocalAlarm(IAlarmOutput output, StoreAndForwardQueue queue, double hysteresis)
        {
            if (queue == null)
            {
                throw new ArgumentNullException("queue");
            }

            if (hysteresis < 0)
            {
                throw new ArgumentOutOfRangeException("hysteresis");
            }

            _output = output;
            _queue = queue;
            Hysteresis = hysteresis;
        }

        /// <summary>The hysteresis, °C.</summary>
        public double Hysteresis { get; private set; }

        /// <summary>Sets the range of compartment <paramref name="number"/>.</summary>
        public void SetRange(int number, AlarmRange range)
        {
            CheckNumber(number);
            _ranges[number] = range;
        }

        /// <summary>True while compartment <paramref name="number"/> is alarming.</summary>
        public bool IsActive(int number)
        {
            CheckNumber(number);
            return _active[number];
        }

        /// <summary>True while any compartment is alarming (the buzzer sounds).</summary>
        public bool AnyActive
        {
            get { return _outputOn; }
        }

        /// <summary>
        /// Evaluates a reading of compartment <paramref name="number"/> taken at <paramref name="timeMs"/>.
        /// Returns true when the compartment's alarm state changed.
        /// </summary>
        public bool Evaluate(int number, double celsius, long timeMs)
        {
            CheckNumber(number);
            AlarmRange range = _ranges[number];
            if (range == null || double.IsNaN(celsius))
            {
                return false;
            }

            bool was = _active[number];
            bool now = was;
            if (!was)
            {
                now = (range.HasMax && celsius > range.Max) || (range.HasMin && celsius < range.Min);
            }
            else
            {
                bool backBelowMax = !range.HasMax || celsius <= range.Max - Hysteresis;
                bool backAboveMin = !range.HasMin || celsius >= range.Min + Hysteresis;
                now = !(backBelowMax && backAboveMin);
            }

            if (now == was)
            {
                return false;
            }

            _active[number] = now;
            _queue.Enqueue(QueuedRecord.BooleanEvent(Channels.Compartment(number) + Channels.AlarmSuffix, timeMs, now));
            UpdateOutput();
            return true;
        }

        private void UpdateOutput()
        {
            bool any = false;
            for (int i = 1; i < _active.Length; i++)
            {
                any = any || _active[i];
            }

            if (any != _outputOn)
            {
                _outputOn = any;
                if (_output != null)
                {
                    _output.Set(any);
                }
            }
        }

        private static void CheckNumber(int number)
        {
            if (number < 1 || number > Channels.MaxCompartments)
            {
                throw new ArgumentOutOfRangeException("number");
            }
        }
    }
}
