namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// One reading or event waiting in the flash queue: channel, device time and value.
    /// Immutable, so the storage may hand out the same instance many times.
    /// </summary>
    public sealed class QueuedRecord
    {
        private QueuedRecord(RecordKind kind, string channel, long timeMs, RecordValueType valueType, double number, bool flag, string text)
        {
            Kind = kind;
            Channel = channel;
            TimeMs = timeMs;
            ValueType = valueType;
            Number = number;
            Flag = flag;
            Text = text;
        }

        /// <summary>Telemetry or event.</summary>
        public RecordKind Kind { get; private set; }

        /// <summary>The SenML name without the base name, as "c1", "ambient" or "lid".</summary>
        public string Channel { get; private set; }

        /// <summary>Device time, milliseconds since the Unix epoch.</summary>
        public long TimeMs { get; private set; }

        /// <summary>Which of <see cref="Number"/>, <see cref="Flag"/> and <see cref="Text"/> holds the value.</summary>
        public RecordValueType ValueType { get; private set; }

        /// <summary>The numeric value (telemetry).</summary>
        public double Number { get; private set; }

        /// <summary>The boolean value (events).</summary>
        public bool Flag { get; private set; }

        /// <summary>The string value (events).</summary>
        public string Text { get; private set; }

        /// <summary>A temperature measurement.</summary>
        public static QueuedRecord Telemetry(string channel, long timeMs, double value)
        {
            return new QueuedRecord(RecordKind.Telemetry, channel, timeMs, RecordValueType.Number, value, false, null);
        }

        /// <summary>An event with a boolean value.</summary>
        public static QueuedRecord BooleanEvent(string channel, long timeMs, bool value)
        {
            return new QueuedRecord(RecordKind.Event, channel, timeMs, RecordValueType.Boolean, 0, value, null);
        }

        /// <summary>An event with a string value.</summary>
        public static QueuedRecord TextEvent(string channel, long timeMs, string value)
        {
            return new QueuedRecord(RecordKind.Event, channel, timeMs, RecordValueType.Text, 0, false, value);
        }
    }
}
