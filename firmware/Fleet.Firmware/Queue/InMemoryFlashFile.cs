using System;
using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// Flash in RAM, for tests and the simulator: a reboot keeps the same instance, so the bytes
    /// survive as they would in flash. The array grows as far as it is written, so a large, mostly
    /// empty file costs little memory.
    /// </summary>
    public sealed class InMemoryFlashFile : IFlashFile
    {
        private readonly int _length;
        private byte[] _bytes;

        /// <summary>Creates an erased file of <paramref name="length"/> bytes.</summary>
        public InMemoryFlashFile(int length)
        {
            if (length < 1)
            {
                throw new ArgumentOutOfRangeException("length");
            }

            _length = length;
            _bytes = new byte[length < 4096 ? length : 4096];
            Fill(_bytes, 0, _bytes.Length);
        }

        /// <inheritdoc />
        public int Length
        {
            get { return _length; }
        }

        /// <summary>Bytes written so far (writes and flushes), for tests that count flash wear.</summary>
        public long BytesWritten { get; private set; }

        /// <inheritdoc />
        public void Read(int offset, byte[] buffer, int index, int count)
        {
            Check(offset, count);
            for (int i = 0; i < count; i++)
            {
                int at = offset + i;
                buffer[index + i] = at < _bytes.Length ? _bytes[at] : (byte)0xFF;
            }
        }

        /// <inheritdoc />
        public void Write(int offset, byte[] buffer, int index, int count)
        {
            Check(offset, count);
            Grow(offset + count);
            Array.Copy(buffer, index, _bytes, offset, count);
            BytesWritten += count;
        }

        /// <inheritdoc />
        public void Flush()
        {
        }

        private void Check(int offset, int count)
        {
            if (offset < 0 || count < 0 || offset + count > _length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }

        private void Grow(int end)
        {
            if (end <= _bytes.Length)
            {
                return;
            }

            int size = _bytes.Length;
            while (size < end)
            {
                size = size * 2;
            }

            if (size > _length)
            {
                size = _length;
            }

            byte[] grown = new byte[size];
            Array.Copy(_bytes, grown, _bytes.Length);
            Fill(grown, _bytes.Length, size - _bytes.Length);
            _bytes = grown;
        }

        private static void Fill(byte[] bytes, int from, int count)
        {
            for (int i = from; i < from + count; i++)
            {
                bytes[i] = 0xFF;
            }
        }
    }
}
