namespace Fleet.Firmware.Protocol
{
    /// <summary>The outcome of parsing a command: accepted with its values, or rejected with a reason.</summary>
    public sealed class CommandResult
    {
        private CommandResult(bool accepted, string command, string reason)
        {
            Accepted = accepted;
            Command = command;
            Reason = reason;
        }

        /// <summary>True when the box carries the command out.</summary>
        public bool Accepted { get; private set; }

        /// <summary>The "cmd" of the document, or null when there was none.</summary>
        public string Command { get; private set; }

        /// <summary>The validated value (for "interval": seconds).</summary>
        public int Value { get; private set; }

        /// <summary>"alarm": the compartment number, 1 … 8.</summary>
        public int Compartment { get; private set; }

        /// <summary>"alarm": true when a lowest temperature is set.</summary>
        public bool HasMin { get; private set; }

        /// <summary>"alarm": lowest safe temperature, °C.</summary>
        public double Min { get; private set; }

        /// <summary>"alarm": true when a highest temperature is set.</summary>
        public bool HasMax { get; private set; }

        /// <summary>"alarm": highest safe temperature, °C.</summary>
        public double Max { get; private set; }

        /// <summary>"resend": true when readings of a range are asked for, false for the status.</summary>
        public bool HasRange { get; private set; }

        /// <summary>"resend": start of the range, device time, seconds since the epoch.</summary>
        public long FromSeconds { get; private set; }

        /// <summary>"resend": end of the range (inclusive), seconds since the epoch.</summary>
        public long ToSeconds { get; private set; }

        /// <summary>
        /// Why the command was rejected: "malformed", "unknown-command", "missing-value",
        /// "bad-value", "out-of-range", "unknown-compartment" or "not-in-flash"; null when accepted.
        /// </summary>
        public string Reason { get; private set; }

        /// <summary>An accepted command with one whole-number value.</summary>
        public static CommandResult Accept(string command, int value)
        {
            CommandResult result = new CommandResult(true, command, null);
            result.Value = value;
            return result;
        }

        /// <summary>An accepted "alarm" command.</summary>
        public static CommandResult AcceptAlarm(string command, int compartment, bool hasMin, double min, bool hasMax, double max)
        {
            CommandResult result = new CommandResult(true, command, null);
            result.Compartment = compartment;
            result.HasMin = hasMin;
            result.Min = min;
            result.HasMax = hasMax;
            result.Max = max;
            return result;
        }

        /// <summary>An accepted "resend" command.</summary>
        public static CommandResult AcceptResend(string command, bool hasRange, long fromSeconds, long toSeconds)
        {
            CommandResult result = new CommandResult(true, command, null);
            result.HasRange = hasRange;
            result.FromSeconds = fromSeconds;
            result.ToSeconds = toSeconds;
            return result;
        }

        /// <summary>A rejected command.</summary>
        public static CommandResult Reject(string command, string reason)
        {
            return new CommandResult(false, command, reason);
        }
    }
}
