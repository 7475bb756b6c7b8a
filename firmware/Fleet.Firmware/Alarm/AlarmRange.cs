using Fleet.Firmware.Protocol;

namespace Fleet.Firmware.Alarm
{
    /// <summary>The temperatures a compartment must stay within; either bound may be absent.</summary>
    public sealed class AlarmRange
    {
        /// <summary>Creates a range.</summary>
        public AlarmRange(bool hasMin, double min, bool hasMax, double max)
        {
            HasMin = hasMin;
            Min = min;
            HasMax = hasMax;
            Max = max;
        }

        /// <summary>True when the compartment must not fall below <see cref="Min"/>.</summary>
        public bool HasMin { get; private set; }

        /// <summary>Lowest safe temperature, °C.</summary>
        public double Min { get; private set; }

        /// <summary>True when the compartment must not rise above <see cref="Max"/>.</summary>
        public bool HasMax { get; private set; }

        /// <summary>Highest safe temperature, °C.</summary>
        public double Max { get; private set; }

        /// <summary>At most <paramref name="max"/> °C.</summary>
        public static AlarmRange AtMost(double max)
        {
            return new AlarmRange(false, 0, true, max);
        }

        /// <summary>At least <paramref name="min"/> °C.</summary>
        public static AlarmRange AtLeast(double min)
        {
            return new AlarmRange(true, min, false, 0);
        }

        /// <summary>No bound: the compartment never alarms.</summary>
        public static AlarmRange None()
        {
            return new AlarmRange(false, 0, false, 0);
        }

        /// <summary>
        /// The default range of a compartment kind: chilled at most 8 °C, frozen at most -18 °C,
        /// hot at least 60 °C, ambient none.
        /// </summary>
        public static AlarmRange ForKind(string kind)
        {
            if (kind == CompartmentKinds.Chilled)
            {
                return AtMost(8);
            }

            if (kind == CompartmentKinds.Frozen)
            {
                return AtMost(-18);
            }

            if (kind == CompartmentKinds.Hot)
            {
                return AtLeast(60);
            }

            return None();
        }
    }
}
