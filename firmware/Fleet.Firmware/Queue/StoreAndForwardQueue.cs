using System;

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

        /// <summary>Creates a queue over <paramref name="storage"/>, which may already hold records (after a reboot).</summary>
        public StoreAndForwardQueue(IRecordStorage storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            _storage = storage;
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

        /// <summary>Records dropped because the queue was full, since this queue was created.</summary>
        public long Dropped { get; private set; }

        /// <summary>Appends a record, dropping the oldest one when full.</summary>
        public void Enqueue(QueuedRecord record)
        {
            if (_storage.Count >= _storage.Capacity)
            {
                _storage.RemoveOldest(1);
                _headSequence++;
                Dropped++;
            }

            _storage.Append(record);
        }

        /// <summary>
        /// The oldest records of the same kind as the oldest record, at most <paramref name="max"/>,
        /// or null when the queue is empty. Taking only a same-kind run keeps device-time order
        /// across the two topics.
        /// </summary>
        public RecordBatch PeekBatch(int max)
        {
            int count = _storage.Count;
            if (count == 0 || max < 1)
            {
                return null;
            }

            RecordKind kind = _storage.Peek(0).Kind;
            int n = 1;
            while (n < count && n < max && _storage.Peek(n).Kind == kind)
            {
                n++;
            }

            QueuedRecord[] records = new QueuedRecord[n];
            for (int i = 0; i < n; i++)
            {
                records[i] = _storage.Peek(i);
            }

            return new RecordBatch(kind, records, _headSequence);
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
