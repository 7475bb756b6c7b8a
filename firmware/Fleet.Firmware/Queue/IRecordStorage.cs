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

        /// <summary>Appends a record; the caller makes room first when <see cref="Count"/> equals <see cref="Capacity"/>.</summary>
        void Append(QueuedRecord record);

        /// <summary>The record at <paramref name="index"/>, 0 being the oldest.</summary>
        QueuedRecord Peek(int index);

        /// <summary>Removes the <paramref name="count"/> oldest records.</summary>
        void RemoveOldest(int count);
    }
}
