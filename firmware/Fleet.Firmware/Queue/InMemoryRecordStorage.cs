using System;

namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// A ring buffer of records in RAM. The simulator keeps one per box across reboots, as flash would be.
    /// Not thread-safe: the firmware is single-threaded.
    /// </summary>
    public sealed class InMemoryRecordStorage : IRecordStorage
    {
        private readonly QueuedRecord[] _ring;
        private int _head;
        private int _count;

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
        public void Append(QueuedRecord record)
        {
            if (_count == _ring.Length)
            {
                throw new InvalidOperationException("storage full");
            }

            _ring[(_head + _count) % _ring.Length] = record;
            _count++;
        }

        /// <inheritdoc />
        public QueuedRecord Peek(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return _ring[(_head + index) % _ring.Length];
        }

        /// <inheritdoc />
        public void RemoveOldest(int count)
        {
            if (count > _count)
            {
                count = _count;
            }

            for (int i = 0; i < count; i++)
            {
                _ring[_head] = null;
                _head = (_head + 1) % _ring.Length;
            }

            _count -= count;
        }
    }
}
