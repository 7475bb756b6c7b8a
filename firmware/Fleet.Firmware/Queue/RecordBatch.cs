namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// The oldest records of one kind, taken from the queue to be published as one pack.
    /// They stay in the queue until <see cref="StoreAndForwardQueue.RemoveAcknowledged"/>.
    /// </summary>
    public sealed class RecordBatch
    {
        /// <summary>Creates a batch.</summary>
        public RecordBatch(RecordKind kind, QueuedRecord[] records, long firstSequence)
        {
            Kind = kind;
            Records = records;
            FirstSequence = firstSequence;
        }

        /// <summary>Telemetry or events: a batch never mixes them.</summary>
        public RecordKind Kind { get; private set; }

        /// <summary>The records, oldest first.</summary>
        public QueuedRecord[] Records { get; private set; }

        /// <summary>Queue sequence number of the first record.</summary>
        public long FirstSequence { get; private set; }

        /// <summary>Number of records.</summary>
        public int Count
        {
            get { return Records.Length; }
        }
    }
}
