namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// Channel and event names, units and accepted ranges of protocol version 1.
    /// </summary>
    public static class Channels
    {
        /// <summary>Compartment temperature channels are c1 … c8.</summary>
        public const string CompartmentPrefix = "c";

        /// <summary>The highest compartment number.</summary>
        public const int MaxCompartments = 8;

        /// <summary>Air temperature outside the compartments.</summary>
        public const string Ambient = "ambient";

        /// <summary>SenML unit of every temperature: degrees Celsius.</summary>
        public const string Celsius = "Cel";

        /// <summary>Lowest temperature a box may report, °C.</summary>
        public const double MinCelsius = -60;

        /// <summary>Highest temperature a box may report, °C.</summary>
        public const double MaxCelsius = 130;

        /// <summary>Event: lid opened (true) or closed (false).</summary>
        public const string Lid = "lid";

        /// <summary>Event: UV-C disinfection lamp on (true) or off (false).</summary>
        public const string Uvc = "uvc";

        /// <summary>Event: courier pressed pickup.</summary>
        public const string Pickup = "pickup";

        /// <summary>Event: courier pressed hand-over.</summary>
        public const string Handover = "handover";

        /// <summary>Event: the box refused a command (value "rejected:reason").</summary>
        public const string Command = "command";

        /// <summary>
        /// Event: the device clock. "jump:&lt;seconds&gt;" when it moved by more than the box's threshold
        /// (signed, positive forward); "untimed:&lt;count&gt;" when readings made before a clock sync
        /// were lost to a reboot and discarded because their time could never be known.
        /// </summary>
        public const string Clock = "clock";

        /// <summary>
        /// Event: a UV-C disinfection cycle ended. "complete:&lt;seconds&gt;" with the confirmed dose time,
        /// or "incomplete:&lt;reason&gt;" with reason lid, lamp-off or unconfirmed.
        /// </summary>
        public const string Disinfection = "disinfection";

        /// <summary>Suffix of a compartment's local alarm event, as in "c1.alarm".</summary>
        public const string AlarmSuffix = ".alarm";

        /// <summary>The channel name of compartment <paramref name="number"/> (1-based).</summary>
        public static string Compartment(int number)
        {
            return CompartmentPrefix + number.ToString();
        }

        /// <summary>The number of a compartment channel ("c3" gives 3), or 0 when it is not one.</summary>
        public static int CompartmentNumber(string channel)
        {
            if (channel == null || channel.Length != 2 || channel[0] != 'c')
            {
                return 0;
            }

            int n = channel[1] - '0';
            return n >= 1 && n <= MaxCompartments ? n : 0;
        }

        /// <summary>True for a temperature channel: a compartment or ambient.</summary>
        public static bool IsTemperature(string channel)
        {
            return CompartmentNumber(channel) > 0 || channel == Ambient;
        }

        /// <summary>True for a temperature a box may report.</summary>
        public static bool IsPlausibleCelsius(double value)
        {
            return value >= MinCelsius && value <= MaxCelsius;
        }
    }
}
