namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// One reading or event waiting in the flash queue: channel, device time and value.
    /// Immutable, so the storage may hand out the same instance many times.
    /// </summary>
    public sealed class QueuedRecord
    {
        private QueuedRecord(RecordKind kind, string channel, long timeMs, RecordValueType valueType, double number, bool flag, string text)
            : this(kind, channel, timeMs, false, valueType, number, flag, text)
        {
        }

        private QueuedRecord(RecordKind kind, string channel, long timeMs, bool relative, RecordValueType valueType, double number, bool flag, string text)
        {
            IsRelative = relative;
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

        /// <summary>
        /// Device time, milliseconds since the Unix epoch; or, when <see cref="IsRelative"/>,
        /// milliseconds since boot (the clock was not yet synced when the record was made).
        /// </summary>
        public long TimeMs { get; private set; }

        /// <summary>
        /// True when <see cref="TimeMs"/> counts from boot: such a record is never published,
        /// it is re-stamped once the clock syncs (<see cref="Restamped"/>).
        /// </summary>
        public bool IsRelative { get; private set; }

        /// <summary>Which of <see cref="Number"/>, <see cref="Flag"/> and <see cref="Text"/> holds the value.</summary>
        public RecordValueType ValueType { get; private set; }

        /// <summary>The numeric value (telemetry).</summary>
        public double Number { get; private set; }

        /// <summary>The boolean value (events).</summary>
        public bool Flag { get; private set; }

        /// <summary>The string value (events).</summary>
        public string Text { get; private set; }

        /// <summary>Rebuilds a record as stored (used by flash storage).</summary>
        public static QueuedRecord Create(RecordKind kind, string channel, long timeMs, bool relative, RecordValueType valueType, double number, bool flag, string text)
        {
            return new QueuedRecord(kind, channel, timeMs, relative, valueType, number, flag, text);
        }

        /// <summary>The same record timed <paramref name="uptimeMs"/> after boot instead.</summary>
        public QueuedRecord AtUptime(long uptimeMs)
        {
            return new QueuedRecord(Kind, Channel, uptimeMs, true, ValueType, Number, Flag, Text);
        }

        /// <summary>The same record with its boot-relative time turned absolute: boot was at <paramref name="bootMs"/> device time.</summary>
        public QueuedRecord Restamped(long bootMs)
        {
            return new QueuedRecord(Kind, Channel, IsRelative ? TimeMs + bootMs : TimeMs, false, ValueType, Number, Flag, Text);
        }

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
