using System;
using System.Text;
using Fleet.Firmware.Queue;

namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// Encodes queued records as a SenML JSON pack (RFC 8428) for the telemetry or events topic.
    /// The first record carries the base name <c>{boxId}:</c> and the base time in whole seconds;
    /// every record's offset from it goes in "t" (omitted when 0), so each record's device time is
    /// <c>bt + t</c> to the millisecond.
    /// </summary>
    public static class SenmlWriter
    {
        /// <summary>Encodes all records of <paramref name="records"/> as UTF-8 JSON.</summary>
        public static byte[] Encode(string boxId, QueuedRecord[] records)
        {
            if (records == null)
            {
                throw new ArgumentNullException("records");
            }

            return Encode(boxId, records, records.Length);
        }

        /// <summary>Encodes the first <paramref name="count"/> records as UTF-8 JSON.</summary>
        public static byte[] Encode(string boxId, QueuedRecord[] records, int count)
        {
            return Encoding.UTF8.GetBytes(EncodeToString(boxId, records, count));
        }

        /// <summary>Encodes the first <paramref name="count"/> records as a JSON string.</summary>
        public static string EncodeToString(string boxId, QueuedRecord[] records, int count)
        {
            if (records == null || count < 1 || count > records.Length)
            {
                throw new ArgumentException("a pack needs at least one record", "records");
            }

            long first = records[0].TimeMs;
            long baseMs = FloorSeconds(first) * 1000;
            StringBuilder sb = new StringBuilder(64 + (count * 40));
            sb.Append('[');
            for (int i = 0; i < count; i++)
            {
                QueuedRecord r = records[i];
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append('{');
                bool firstMember = true;
                if (i == 0)
                {
                    JsonText.AppendName(sb, "bn", true);
                    JsonText.AppendString(sb, BoxIdentity.BaseName(boxId));
                    JsonText.AppendName(sb, "bt", false);
                    sb.Append((baseMs / 1000).ToString());
                    if (r.Kind == RecordKind.Telemetry)
                    {
                        JsonText.AppendName(sb, "bu", false);
                        JsonText.AppendString(sb, Channels.Celsius);
                    }

                    firstMember = false;
                }

                JsonText.AppendName(sb, "n", firstMember);
                JsonText.AppendString(sb, r.Channel);

                long offset = r.TimeMs - baseMs;
                if (offset != 0)
                {
                    JsonText.AppendName(sb, "t", false);
                    NumberText.AppendMillisAsSeconds(sb, offset);
                }

                if (r.ValueType == RecordValueType.Number)
                {
                    JsonText.AppendName(sb, "v", false);
                    NumberText.AppendTwoDecimals(sb, r.Number);
                }
                else if (r.ValueType == RecordValueType.Boolean)
                {
                    JsonText.AppendName(sb, "vb", false);
                    sb.Append(r.Flag ? "true" : "false");
                }
                else
                {
                    JsonText.AppendName(sb, "vs", false);
                    JsonText.AppendString(sb, r.Text);
                }

                sb.Append('}');
            }

            sb.Append(']');
            return sb.ToString();
        }

        private static long FloorSeconds(long ms)
        {
            long s = ms / 1000;
            if (ms < 0 && s * 1000 != ms)
            {
                s--;
            }

            return s;
        }
    }
}
