using System.Text;

namespace Fleet.Firmware.Protocol
{
    /// <summary>Writes JSON string literals with the escapes RFC 8259 requires.</summary>
    public static class JsonText
    {
        private const string Hex = "0123456789abcdef";

        /// <summary>Appends <paramref name="value"/> as a quoted, escaped JSON string (null as "").</summary>
        public static void AppendString(StringBuilder sb, string value)
        {
            sb.Append('"');
            if (value != null)
            {
                for (int i = 0; i < value.Length; i++)
                {
                    char c = value[i];
                    if (c == '"')
                    {
                        sb.Append("\\\"");
                    }
                    else if (c == '\\')
                    {
                        sb.Append("\\\\");
                    }
                    else if (c == '\n')
                    {
                        sb.Append("\\n");
                    }
                    else if (c == '\r')
                    {
                        sb.Append("\\r");
                    }
                    else if (c == '\t')
                    {
                        sb.Append("\\t");
                    }
                    else if (c < ' ')
                    {
                        sb.Append("\\u00");
                        sb.Append(Hex[(c >> 4) & 0xF]);
                        sb.Append(Hex[c & 0xF]);
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }
            }

            sb.Append('"');
        }

        /// <summary>Appends <c>"name":</c>, preceded by a comma unless it is the first member.</summary>
        public static void AppendName(StringBuilder sb, string name, bool first)
        {
            if (!first)
            {
                sb.Append(',');
            }

            sb.Append('"');
            sb.Append(name);
            sb.Append("\":");
        }
    }
}
