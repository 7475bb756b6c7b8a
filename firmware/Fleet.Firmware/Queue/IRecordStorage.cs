namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// The bounded ring of records the box keeps in flash, so readings survive a reboot and
    /// a long time offline. Oldest first.
    /// </summary>
    public interface IRecordStorage
    {
        /// <summary>Records stored now.</summary>
        int Count { get; }

        /// <summary>Most records the storage holds.</summary>
        int Capacity { get; }

        /// <summary>Records dropped (by <see cref="DropOldest"/>) since the storage was first formatted; survives reboots.</summary>
        long Dropped { get; }

        /// <summary>Appends a record; the caller makes room first when <see cref="Count"/> equals <see cref="Capacity"/>.</summary>
        void Append(QueuedRecord record);

        /// <summary>
        /// The record at <paramref name="index"/>, 0 being the oldest; null when that record was
        /// lost (a power cut while it was being rewritten).
        /// </summary>
        QueuedRecord Peek(int index);

        /// <summary>Rewrites the record at <paramref name="index"/> in place (to re-stamp its time).</summary>
        void Replace(int index, QueuedRecord record);

        /// <summary>Removes the <paramref name="count"/> oldest records (they were delivered).</summary>
        void RemoveOldest(int count);

        /// <summary>Removes the <paramref name="count"/> oldest records undelivered, and counts them in <see cref="Dropped"/>.</summary>
        void DropOldest(int count);

        /// <summary>Delivered records still readable (their space not yet reused), oldest first; for resend requests.</summary>
        int RetainedCount { get; }

        /// <summary>The delivered record at <paramref name="index"/> (0 oldest), or null when unreadable.</summary>
        QueuedRecord PeekRetained(int index);
    }
}
