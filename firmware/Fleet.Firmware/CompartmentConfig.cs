using System;
using Fleet.Firmware.Alarm;
using Fleet.Firmware.Protocol;

namespace Fleet.Firmware
{
    /// <summary>One compartment of a box: its number (channel cN), its kind and its alarm range.</summary>
    public sealed class CompartmentConfig
    {
        /// <summary>Creates a compartment with the default range of its kind.</summary>
        public CompartmentConfig(int number, string kind)
        {
            if (number < 1 || number > Channels.MaxCompartments)
            {
                throw new ArgumentOutOfRangeException("number");
            }

            if (!CompartmentKinds.IsKnown(kind))
            {
                throw new ArgumentException("unknown compartment kind", "kind");
            }

            Number = number;
            Kind = kind;
            Range = AlarmRange.ForKind(kind);
        }

        /// <summary>The compartment number, 1 … 8; its channel is "c" + number.</summary>
        public int Number { get; private set; }

        /// <summary>chilled, frozen, hot or ambient (see <see cref="CompartmentKinds"/>).</summary>
        public string Kind { get; private set; }

        /// <summary>The local alarm range; defaults to the kind's, may be replaced.</summary>
        public AlarmRange Range { get; set; }

        /// <summary>The channel name, as "c1".</summary>
        public string Channel
        {
            get { return Channels.Compartment(Number); }
        }
    }
}
