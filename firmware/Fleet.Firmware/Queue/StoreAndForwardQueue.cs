using System;
using System.Collections;

namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// Readings wait here, in device-time order, until the server has acknowledged them.
    /// When flash is full the OLDEST record goes, because the newest readings matter most for the
    /// food in the box now; every drop is counted and reported in the status document.
    /// </summary>
    public sealed class StoreAndForwardQueue
    {
        private readonly IRecordStorage _storage;

        // Sequence number of the oldest stored record: it lets an acknowledgement remove exactly
        // the records it covers even when records were dropped while the batch was in flight.
        private long _headSequence;

        // Records at or after this sequence were made since boot; a boot-relative record before it
        // comes from an earlier boot whose clock never synced, so its time can never be known.
        private readonly long _bootSequence;

        /// <summary>Creates a queue over <paramref name="storage"/>, which may already hold records (after a reboot).</summary>
        public StoreAndForwardQueue(IRecordStorage storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            _storage = storage;
            _bootSequence = storage.Count;
        }

        /// <summary>Records waiting.</summary>
        public int Count
        {
            get { return _storage.Count; }
        }

        /// <summary>Most records the queue holds.</summary>
        public int Capacity
        {
            get { return _storage.Capacity; }
        }

        /// <summary>Records dropped because the queue was full, kept by the storage across reboots.</summary>
        public long Dropped
        {
            get { return _storage.Dropped; }
        }

        /// <summary>Records from an earlier boot discarded because the clock never synced to give them a time.</summary>
        public int DiscardedUntimed { get; private set; }

        /// <summary>Records discarded because flash could not read them back (a power cut while rewriting one).</summary>
        public int DiscardedUnreadable { get; private set; }

        /// <summary>
        /// True while the clock is not synced: records enqueued then carry the time since boot and
        /// are marked relative, to be re-stamped by <see cref="Restamp"/>.
        /// </summary>
        public bool TimesRelative { get; set; }

        /// <summary>Appends a record, dropping the oldest one when full.</summary>
        public void Enqueue(QueuedRecord record)
        {
            Append(TimesRelative ? record.AtUptime(record.TimeMs) : record);
        }

        private void Append(QueuedRecord record)
        {
            if (_storage.Count >= _storage.Capacity)
            {
                _storage.DropOldest(1);
                _headSequence++;
            }

            _storage.Append(record);
        }

        /// <summary>
        /// Turns the boot-relative times of the records made since boot absolute, now that the clock
        /// knows boot was at <paramref name="bootMs"/> device time. Returns how many were re-stamped.
        /// </summary>
        public int Restamp(long bootMs)
        {
            int restamped = 0;
            int count = _storage.Count;
            for (int i = 0; i < count; i++)
            {
                if (_headSequence + i < _bootSequence)
                {
                    continue;
                }

                QueuedRecord record = _storage.Peek(i);
                if (record != null && record.IsRelative)
                {
                    _storage.Replace(i, record.Restamped(bootMs));
                    restamped++;
                }
            }

            return restamped;
        }

        /// <summary>
        /// Queues again, for a resend, delivered records still in flash whose device time lies in
        /// [<paramref name="fromMs"/>, <paramref name="toMs"/>], at most <paramref name="max"/>.
        /// Returns how many were queued.
        /// </summary>
        public int RequeueDelivered(long fromMs, long toMs, int max)
        {
            ArrayList found = new ArrayList();
            int retained = _storage.RetainedCount;
            for (int i = 0; i < retained && found.Count < max; i++)
            {
                QueuedRecord record = _storage.PeekRetained(i);
                if (record != null && !record.IsRelative && record.TimeMs >= fromMs && record.TimeMs <= toMs)
                {
                    found.Add(record);
                }
            }

            for (int i = 0; i < found.Count; i++)
            {
                Append((QueuedRecord)found[i]);
            }

            return found.Count;
        }

        /// <summary>
        /// The oldest records of the same kind as the oldest record, at most <paramref name="max"/>,
        /// or null when nothing can be published. Taking only a same-kind run keeps device-time order
        /// across the two topics. A boot-relative record is never published: the batch stops before
        /// one made since boot (it waits for the clock), and one left by an earlier boot, or one that
        /// cannot be read back, is discarded and counted.
        /// </summary>
        public RecordBatch PeekBatch(int max)
        {
            if (max < 1)
            {
                return null;
            }

            QueuedRecord first = null;
            while (_storage.Count > 0)
            {
                first = _storage.Peek(0);
                if (first == null)
                {
                    DiscardedUnreadable++;
                }
                else if (first.IsRelative && _headSequence < _bootSequence)
                {
                    DiscardedUntimed++;
                }
                else
                {
                    break;
                }

                first = null;
                _storage.RemoveOldest(1);
                _headSequence++;
            }

            if (first == null || first.IsRelative)
            {
                return null;
            }

            ArrayList run = new ArrayList();
            run.Add(first);
            int count = _storage.Count;
            for (int i = 1; i < count && i < max; i++)
            {
                QueuedRecord next = _storage.Peek(i);
                if (next == null || next.IsRelative || next.Kind != first.Kind)
                {
                    break;
                }

                run.Add(next);
            }

            QueuedRecord[] records = new QueuedRecord[run.Count];
            for (int i = 0; i < records.Length; i++)
            {
                records[i] = (QueuedRecord)run[i];
            }

            return new RecordBatch(first.Kind, records, _headSequence);
        }

        /// <summary>
        /// Removes the records of an acknowledged batch (those still stored: some may have been
        /// dropped meanwhile). Returns how many were removed.
        /// </summary>
        public int RemoveAcknowledged(RecordBatch batch)
        {
            if (batch == null)
            {
                return 0;
            }

            long end = batch.FirstSequence + batch.Count;
            long n = end - _headSequence;
            if (n <= 0)
            {
                return 0;
            }

            int remove = n > _storage.Count ? _storage.Count : (int)n;
            _storage.RemoveOldest(remove);
            _headSequence += remove;
            return remove;
        }
    }
}
