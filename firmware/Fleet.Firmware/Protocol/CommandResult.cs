namespace Fleet.Firmware.Protocol
{
    /// <summary>The outcome of parsing a command: accepted with its value, or rejected with a reason.</summary>
    public sealed class CommandResult
    {
        private CommandResult(bool accepted, string command, int value, string reason)
        {
            Accepted = accepted;
            Command = command;
            Value = value;
            Reason = reason;
        }

        /// <summary>True when the box carries the command out.</summary>
        public bool Accepted { get; private set; }

        /// <summary>The "cmd" of the document, or null when there was none.</summary>
        public string Command { get; private set; }

        /// <summary>The validated value (for "interval": seconds).</summary>
        public int Value { get; private set; }

        /// <summary>
        /// Why the command was rejected: "malformed", "unknown-command", "missing-value",
        /// "bad-value" or "out-of-range"; null when accepted.
        /// </summary>
        public string Reason { get; private set; }

        /// <summary>An accepted command.</summary>
        public static CommandResult Accept(string command, int value)
        {
            return new CommandResult(true, command, value, null);
        }

        /// <summary>A rejected command.</summary>
        public static CommandResult Reject(string command, string reason)
        {
            return new CommandResult(false, command, 0, reason);
        }
    }
}
