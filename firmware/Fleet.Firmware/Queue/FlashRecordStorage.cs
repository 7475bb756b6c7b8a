using System;
using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// The flash queue, power-loss safe, over a fixed-size <see cref="IFlashFile"/>.
    /// Layout: two header copies (written in turn, each with a generation and a CRC) that hold the
    /// sequence number of the oldest undelivered record and the dropped count, then a ring of
    /// fixed-size slots; the record with sequence s lives in slot s mod capacity, with its sequence
    /// and a CRC. On boot the newest valid header and a scan of the slots give head and tail back.
    /// A power cut in the middle of a write leaves one header copy or one slot with a bad CRC: the
    /// other header copy still holds, a torn slot is ignored, so at most the record being written
    /// is lost and the order is kept. Removing records writes only the header, never the slots.
    /// </summary>
    public sealed class FlashRecordStorage : IRecordStorage
    {
        /// <summary>Slot size that fits every record of protocol version 1 with an order id of up to 60 bytes.</summary>
        public const int DefaultSlotSize = 96;

        private const int HeaderCopySize = 32;
        private const int HeaderBytes = 28;
        private const int SlotsOffset = 2 * HeaderCopySize;
        private const int HeaderMagic = 0x31515146; // "FQQ1"

        private readonly IFlashFile _file;
        private readonly int _slotSize;
        private readonly int _capacity;
        private readonly byte[] _slot;
        private readonly byte[] _header = new byte[HeaderBytes];
        private long _head;
        private long _next;
        private long _oldestKnown;
        private int _generation;
        private int _currentCopy;

        /// <summary>Opens the queue in <paramref name="file"/>, recovering what an earlier boot left in it.</summary>
        public FlashRecordStorage(IFlashFile file, int slotSize)
        {
            if (file == null)
            {
                throw new ArgumentNullException("file");
            }

            if (slotSize < 40 || slotSize > 255 + RecordCodec.Overhead)
            {
                throw new ArgumentOutOfRangeException("slotSize");
            }

            _file = file;
            _slotSize = slotSize;
            _capacity = (file.Length - SlotsOffset) / slotSize;
            if (_capacity < 2)
            {
                throw new ArgumentException("flash file too small", "file");
            }

            _slot = new byte[slotSize];
            Recover();
        }

        /// <summary>Opens the queue with <see cref="DefaultSlotSize"/> slots.</summary>
        public FlashRecordStorage(IFlashFile file)
            : this(file, DefaultSlotSize)
        {
        }

        /// <inheritdoc />
        public int Count
        {
            get { return (int)(_next - _head); }
        }

        /// <inheritdoc />
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <inheritdoc />
        public long Dropped { get; private set; }

        /// <inheritdoc />
        public int RetainedCount
        {
            get
            {
                long oldest = _next - _capacity;
                if (oldest < _oldestKnown)
                {
                    oldest = _oldestKnown;
                }

                return _head > oldest ? (int)(_head - oldest) : 0;
            }
        }

        /// <inheritdoc />
        public void Append(QueuedRecord record)
        {
            if (Count >= _capacity)
            {
                throw new InvalidOperationException("storage full");
            }

            WriteSlot(_next, record);
            _next++;
        }

        /// <inheritdoc />
        public QueuedRecord Peek(int index)
        {
            if (index < 0 || index >= Count)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return ReadSlot(_head + index);
        }

        /// <inheritdoc />
        public void Replace(int index, QueuedRecord record)
        {
            if (index < 0 || index >= Count)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            WriteSlot(_head + index, record);
        }

        /// <inheritdoc />
        public void RemoveOldest(int count)
        {
            MoveHead(count, false);
        }

        /// <inheritdoc />
        public void DropOldest(int count)
        {
            MoveHead(count, true);
        }

        /// <inheritdoc />
        public QueuedRecord PeekRetained(int index)
        {
            int retained = RetainedCount;
            if (index < 0 || index >= retained)
            {
                throw new ArgumentOutOfRangeException("index");
            }

            return ReadSlot(_head - retained + index);
        }

        private void MoveHead(int count, bool dropped)
        {
            if (count > Count)
            {
                count = Count;
            }

            if (count <= 0)
            {
                return;
            }

            _head += count;
            if (dropped)
            {
                Dropped += count;
            }

            WriteHeader();
        }

        private void WriteSlot(long sequence, QueuedRecord record)
        {
            for (int i = 0; i < _slot.Length; i++)
            {
                _slot[i] = 0xFF;
            }

            int used = RecordCodec.Encode(record, sequence, _slot);
            _file.Write(SlotOffset(sequence), _slot, 0, used);
            _file.Flush();
        }

        private QueuedRecord ReadSlot(long sequence)
        {
            _file.Read(SlotOffset(sequence), _slot, 0, _slotSize);
            return RecordCodec.ValidSequence(_slot) == sequence ? RecordCodec.Decode(_slot) : null;
        }

        private int SlotOffset(long sequence)
        {
            return SlotsOffset + ((int)(sequence % _capacity) * _slotSize);
        }

        private void WriteHeader()
        {
            // Write the copy not holding the current header, so a torn write leaves the current one intact.
            _generation++;
            _currentCopy = 1 - _currentCopy;
            int at = RecordCodec.PutInt32(_header, 0, HeaderMagic);
            at = RecordCodec.PutInt32(_header, at, _generation);
            at = RecordCodec.PutInt64(_header, at, _head);
            at = RecordCodec.PutInt64(_header, at, Dropped);
            RecordCodec.PutInt32(_header, at, (int)RecordCodec.Crc32(_header, 0, at));
            _file.Write(_currentCopy * HeaderCopySize, _header, 0, HeaderBytes);
            _file.Flush();
        }

        private void Recover()
        {
            _currentCopy = 1;
            _generation = 0;
            for (int copy = 0; copy < 2; copy++)
            {
                _file.Read(copy * HeaderCopySize, _header, 0, HeaderBytes);
                int crcAt = HeaderBytes - 4;
                if (RecordCodec.GetInt32(_header, 0) != HeaderMagic ||
                    (uint)RecordCodec.GetInt32(_header, crcAt) != RecordCodec.Crc32(_header, 0, crcAt))
                {
                    continue;
                }

                int generation = RecordCodec.GetInt32(_header, 4);
                if (_generation == 0 || generation > _generation)
                {
                    _generation = generation;
                    _currentCopy = copy;
                    _head = RecordCodec.GetInt64(_header, 8);
                    Dropped = RecordCodec.GetInt64(_header, 16);
                }
            }

            // The tail is one past the newest valid slot at or after the head; slots older than the
            // head are delivered records still readable for a resend.
            long newest = -1;
            long oldest = long.MaxValue;
            for (int i = 0; i < _capacity; i++)
            {
                _file.Read(SlotsOffset + (i * _slotSize), _slot, 0, _slotSize);
                long sequence = RecordCodec.ValidSequence(_slot);
                if (sequence < 0 || sequence % _capacity != i)
                {
                    continue;
                }

                if (sequence > newest)
                {
                    newest = sequence;
                }

                if (sequence < oldest)
                {
                    oldest = sequence;
                }
            }

            _next = newest >= _head ? newest + 1 : _head;
            if (_next - _head > _capacity)
            {
                _head = _next - _capacity;
            }

            _oldestKnown = oldest == long.MaxValue ? _head : oldest;
        }
    }
}
