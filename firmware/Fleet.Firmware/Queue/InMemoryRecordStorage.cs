using System;

namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// A ring buffer of records in RAM, for tests. Delivered records stay readable until their
    /// place is reused, as in flash. Not thread-safe: the firmware is single-threaded.
    /// </summary>
    public sealed class InMemoryRecordStorage : IRecordStorage
    {
        private readonly QueuedRecord[] _ring;
        private int _head;
        private int _count;
        private int _retained;

        /// <summary>Creates an empty ring holding at most <paramref name="capacity"/> records.</summary>
        public InMemoryRecordStorage(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }

            _ring = new QueuedRecord[capacity];
        }

        /// <inheritdoc />
        public int Count
        {
            get { return _count; }
        }

        /// <inheritdoc />
        public int Capacity
        {
            get { return _ring.Length; }
        }

        /// <inheritdoc />
        public long Dropped { get; private set; }

        /// <inheritdoc />
        public int RetainedCount
        {
            get { return _retained; }
        }

        /// <inheritdoc />
        public void Append(QueuedRecord record)
        {
            if (_count == _ring.Length)
            {
                throw new InvalidOperationException("storage full");
            }

            _ring[(_head + _count) % _ring.Length] = record;
            _count++;
            if (_retained > _ring.Length - _count)
            {
                _retained = _ring.Length - _count;
            }
        }

        /// <inheritdoc />
        public QueuedRecord Peek(int index)
        {
            return _ring[Slot(index, _count)];
        }

        /// <inheritdoc />
        public void Replace(int index, QueuedRecord record)
        {
            _ring[Slot(index, _count)] = record;
        }

        /// <inheritdoc />
        public void RemoveOldest(int count)
        {
            count = Remove(count);
            _retained += count;
        }

        /// <inheritdoc />
        public void DropOldest(int count)
        {
            count = Remove(count);
            Dropped += count;
            _retained = 0;
        }

        /// <inheritdoc />
        public QueuedRecord PeekRetained(int index)
        {
            if (index < 0 || index >= _retained)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return _ring[(_head - _retained + index + _ring.Length) % _ring.Length];
        }

        private int Remove(int count)
        {
            if (count > _count)
            {
                count = _count;
            }

            _head = (_head + count) % _ring.Length;
            _count -= count;
            return count;
        }

        private int Slot(int index, int count)
        {
            if (index < 0 || index >= count)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return (_head + index) % _ring.Length;
        }
    }
}
