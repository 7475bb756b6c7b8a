using System;
using System.Text;

namespace Fleet.Firmware.Queue
{
    /// <summary>
    /// Writes a <see cref="QueuedRecord"/> into a flash slot and reads it back:
    /// <c>[0xA5][sequence, 8][length, 1][record][CRC-32, 4]</c>, little-endian. The CRC covers
    /// everything before it, so a slot that a power cut left half-written is recognised and ignored.
    /// </summary>
    public static class RecordCodec
    {
        /// <summary>First byte of every written slot.</summary>
        public const byte Marker = 0xA5;

        /// <summary>Bytes a slot spends besides the record: marker, sequence, length and CRC.</summary>
        public const int Overhead = 14;

        private const int FixedRecordBytes = 12; // kind, value type, flags, time (8), channel length

        private static uint[] _table;

        /// <summary>
        /// Encodes the record with <paramref name="sequence"/> into <paramref name="slot"/> and returns the bytes used.
        /// A text value too long for the slot is cut short (order ids and reasons are far shorter).
        /// </summary>
        public static int Encode(QueuedRecord record, long sequence, byte[] slot)
        {
            byte[] channel = Encoding.UTF8.GetBytes(record.Channel);
            int room = slot.Length - Overhead - FixedRecordBytes - channel.Length;
            int payload = FixedRecordBytes + channel.Length;
            byte[] text = null;
            if (record.ValueType == RecordValueType.Number)
            {
                payload += 8;
            }
            else if (record.ValueType == RecordValueType.Boolean)
            {
                payload += 1;
            }
            else
            {
                text = Encoding.UTF8.GetBytes(record.Text == null ? string.Empty : record.Text);
                int max = room - 1;
                if (max > 255)
                {
                    max = 255;
                }

                payload += 1 + (text.Length > max ? max : text.Length);
            }

            if (payload + Overhead > slot.Length || channel.Length > 255 || payload > 255)
            {
                throw new ArgumentException("record does not fit a slot", "record");
            }

            int at = 0;
            slot[at++] = Marker;
            at = PutInt64(slot, at, sequence);
            slot[at++] = (byte)payload;
            slot[at++] = (byte)record.Kind;
            slot[at++] = (byte)record.ValueType;
            slot[at++] = (byte)(record.IsRelative ? 1 : 0);
            at = PutInt64(slot, at, record.TimeMs);
            slot[at++] = (byte)channel.Length;
            Array.Copy(channel, 0, slot, at, channel.Length);
            at += channel.Length;
            if (record.ValueType == RecordValueType.Number)
            {
                at = PutInt64(slot, at, BitConverter.DoubleToInt64Bits(record.Number));
            }
            else if (record.ValueType == RecordValueType.Boolean)
            {
                slot[at++] = (byte)(record.Flag ? 1 : 0);
            }
            else
            {
                int length = payload - FixedRecordBytes - channel.Length - 1;
                slot[at++] = (byte)length;
                Array.Copy(text, 0, slot, at, length);
                at += length;
            }

            uint crc = Crc32(slot, 0, at);
            at = PutInt32(slot, at, (int)crc);
            return at;
        }

        /// <summary>The sequence number of a valid slot, or -1 when the slot is empty, torn or corrupt.</summary>
        public static long ValidSequence(byte[] slot)
        {
            if (slot[0] != Marker)
            {
                return -1;
            }

            int payload = slot[9];
            int end = 10 + payload;
            if (payload < FixedRecordBytes || end + 4 > slot.Length)
            {
                return -1;
            }

            uint crc = (uint)GetInt32(slot, end);
            if (crc != Crc32(slot, 0, end))
            {
                return -1;
            }

            return GetInt64(slot, 1);
        }

        /// <summary>Decodes a slot that <see cref="ValidSequence"/> accepted.</summary>
        public static QueuedRecord Decode(byte[] slot)
        {
            int at = 10;
            RecordKind kind = (RecordKind)slot[at++];
            RecordValueType valueType = (RecordValueType)slot[at++];
            bool relative = (slot[at++] & 1) != 0;
            long time = GetInt64(slot, at);
            at += 8;
            int channelLength = slot[at++];
            string channel = Encoding.UTF8.GetString(slot, at, channelLength);
            at += channelLength;
            double number = 0;
            bool flag = false;
            string text = null;
            if (valueType == RecordValueType.Number)
            {
                number = BitConverter.Int64BitsToDouble(GetInt64(slot, at));
            }
            else if (valueType == RecordValueType.Boolean)
            {
                flag = slot[at] != 0;
            }
            else
            {
                int length = slot[at++];
                text = Encoding.UTF8.GetString(slot, at, length);
            }

            return QueuedRecord.Create(kind, channel, time, relative, valueType, number, flag, text);
        }

        /// <summary>CRC-32 (IEEE 802.3, as zip and Ethernet use) of <paramref name="count"/> bytes.</summary>
        public static uint Crc32(byte[] bytes, int offset, int count)
        {
            uint[] table = Table();
            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc = table[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFF;
        }

        /// <summary>Writes a little-endian Int64 and returns the offset after it.</summary>
        public static int PutInt64(byte[] bytes, int at, long value)
        {
            for (int i = 0; i < 8; i++)
            {
                bytes[at + i] = (byte)(value >> (8 * i));
            }

            return at + 8;
        }

        /// <summary>Writes a little-endian Int32 and returns the offset after it.</summary>
        public static int PutInt32(byte[] bytes, int at, int value)
        {
            for (int i = 0; i < 4; i++)
            {
                bytes[at + i] = (byte)(value >> (8 * i));
            }

            return at + 4;
        }

        /// <summary>Reads a little-endian Int64.</summary>
        public static long GetInt64(byte[] bytes, int at)
        {
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | bytes[at + i];
            }

            return value;
        }

        /// <summary>Reads a little-endian Int32.</summary>
        public static int GetInt32(byte[] bytes, int at)
        {
            int value = 0;
            for (int i = 3; i >= 0; i--)
            {
                value = (value << 8) | bytes[at + i];
            }

            return value;
        }

        private static uint[] Table()
        {
            if (_table != null)
            {
                return _table;
            }

            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            _table = table;
            return table;
        }
    }
}
