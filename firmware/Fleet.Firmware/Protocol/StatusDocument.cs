using System.Text;

namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// The retained status document a box publishes when it connects, and the offline document
    /// it registers as its MQTT last will.
    /// </summary>
    public static class StatusDocument
    {
        /// <summary>The state of a connected box.</summary>
        public const string Online = "online";

        /// <summary>The state the last will announces.</summary>
        public const string Offline = "offline";

        /// <summary>The last-will payload: <c>{"v":1,"state":"offline"}</c>.</summary>
        public static byte[] EncodeOffline()
        {
            StringBuilder sb = new StringBuilder(32);
            sb.Append('{');
            JsonText.AppendName(sb, "v", true);
            sb.Append(ProtocolLimits.Version.ToString());
            JsonText.AppendName(sb, "state", false);
            JsonText.AppendString(sb, Offline);
            sb.Append('}');
            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        /// <summary>The online status as UTF-8 JSON.</summary>
        /// <param name="firmwareVersion">Firmware version, "fw".</param>
        /// <param name="timeMs">Device time of the status, ms since the epoch ("t" is whole seconds).</param>
        /// <param name="intervalSeconds">Sampling interval.</param>
        /// <param name="queued">Records waiting in the flash queue.</param>
        /// <param name="dropped">Records dropped because the queue was full.</param>
        /// <param name="compartments">The box's compartments.</param>
        public static byte[] EncodeOnline(string firmwareVersion, long timeMs, int intervalSeconds, int queued, long dropped, CompartmentConfig[] compartments)
        {
            return Encoding.UTF8.GetBytes(OnlineToString(firmwareVersion, timeMs, intervalSeconds, queued, dropped, compartments));
        }

        /// <summary>The online status as a JSON string.</summary>
        public static string OnlineToString(string firmwareVersion, long timeMs, int intervalSeconds, int queued, long dropped, CompartmentConfig[] compartments)
        {
            StringBuilder sb = new StringBuilder(200);
            sb.Append('{');
            JsonText.AppendName(sb, "v", true);
            sb.Append(ProtocolLimits.Version.ToString());
            JsonText.AppendName(sb, "state", false);
            JsonText.AppendString(sb, Online);
            JsonText.AppendName(sb, "fw", false);
            JsonText.AppendString(sb, firmwareVersion);
            JsonText.AppendName(sb, "t", false);
            sb.Append((timeMs / 1000).ToString());
            JsonText.AppendName(sb, "interval", false);
            sb.Append(intervalSeconds.ToString());
            JsonText.AppendName(sb, "queued", false);
            sb.Append(queued.ToString());
            JsonText.AppendName(sb, "dropped", false);
            sb.Append(dropped.ToString());
            JsonText.AppendName(sb, "compartments", false);
            sb.Append('[');
            if (compartments != null)
            {
                for (int i = 0; i < compartments.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append('{');
                    JsonText.AppendName(sb, "n", true);
                    JsonText.AppendString(sb, Channels.Compartment(compartments[i].Number));
                    JsonText.AppendName(sb, "kind", false);
                    JsonText.AppendString(sb, compartments[i].Kind);
                    sb.Append('}');
                }
            }

            sb.Append("]}");
            return sb.ToString();
        }
    }
}
