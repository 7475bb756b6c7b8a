using System;
using System.IO;

namespace Fleet.Firmware.Esp32
{
    /// <summary>
    /// The box's identity and credentials, provisioned as I:\fleet.conf (key=value lines; see
    /// docs/firmware.md). A box without it stops at boot with a message on the serial console.
    /// </summary>
    internal sealed class DeviceSettings
    {
        public const string Path = "I:\\fleet.conf";
        public const string CaPath = "I:\\ca.pem";

        public string BoxId;
        public string WifiSsid;
        public string WifiPassword;
        public string BrokerHost;
        public int BrokerPort = 8883;
        public bool UseTls = true;
        public string MqttUsername;
        public string MqttPassword;
        public string SntpServer = "pool.ntp.org";
        public string CaCertificatePem;
        public string[] Compartments = new string[0]; // "1=chilled", "2=frozen" …
        public string[] Probes = new string[0];       // "1=28FF641E8016035A" (ROM address per compartment)
        public int QueueRecords = 3000;

        public static DeviceSettings Load()
        {
            if (!File.Exists(Path))
            {
                throw new InvalidOperationException("missing " + Path + ": provision the box first (docs/firmware.md)");
            }

            DeviceSettings s = new DeviceSettings();
            string[] lines = File.ReadAllText(Path).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                int eq = line.IndexOf('=');
                if (line.Length == 0 || line[0] == '#' || eq < 1)
                {
                    continue;
                }

                s.Set(line.Substring(0, eq).Trim(), line.Substring(eq + 1).Trim());
            }

            if (File.Exists(CaPath))
            {
                s.CaCertificatePem = File.ReadAllText(CaPath);
            }

            if (s.BoxId == null || s.WifiSsid == null || s.BrokerHost == null || s.MqttUsername == null || s.MqttPassword == null)
            {
                throw new InvalidOperationException(Path + " needs box, wifi.ssid, mqtt.host, mqtt.username and mqtt.password");
            }

            return s;
        }

        /// <summary>ROM address of each compartment's probe, by compartment number - 1; null where none is found on the bus.</summary>
        public byte[][] ProbeAddresses(byte[][] found)
        {
            byte[][] result = new byte[Compartments.Length][];
            for (int i = 0; i < Probes.Length; i++)
            {
                int eq = Probes[i].IndexOf('=');
                int number = int.Parse(Probes[i].Substring(0, eq));
                string hex = Probes[i].Substring(eq + 1);
                for (int f = 0; found != null && f < found.Length; f++)
                {
                    if (number >= 1 && number <= result.Length && Hex(found[f]) == hex)
                    {
                        result[number - 1] = found[f];
                    }
                }
            }

            return result;
        }

        private void Set(string key, string value)
        {
            if (key == "box") BoxId = value;
            else if (key == "wifi.ssid") WifiSsid = value;
            else if (key == "wifi.password") WifiPassword = value;
            else if (key == "mqtt.host") BrokerHost = value;
            else if (key == "mqtt.port") BrokerPort = int.Parse(value);
            else if (key == "mqtt.tls") UseTls = value != "false";
            else if (key == "mqtt.username") MqttUsername = value;
            else if (key == "mqtt.password") MqttPassword = value;
            else if (key == "sntp.server") SntpServer = value;
            else if (key == "compartments") Compartments = value.Split(',');
            else if (key == "probes") Probes = value.Split(',');
            else if (key == "queue.records") QueueRecords = int.Parse(value);
        }

        private static string Hex(byte[] address)
        {
            string s = string.Empty;
            for (int i = 0; i < address.Length; i++)
            {
                s += address[i].ToString("X2");
            }

            return s;
        }
    }
}
