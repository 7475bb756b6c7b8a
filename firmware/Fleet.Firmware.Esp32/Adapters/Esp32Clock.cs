using System;
using Fleet.Firmware.Hardware;
using nanoFramework.Hardware.Esp32;

namespace Fleet.Firmware.Esp32.Adapters
{
    /// <summary>Uptime from the ESP32's high-resolution timer; absolute time from the RTC that SNTP sets.</summary>
    internal sealed class Esp32Clock : IClock
    {
        // Before SNTP the RTC counts from its reset value (years before this); after, it is the real time.
        private static readonly DateTime SyncedAfter = new DateTime(2024, 1, 1);
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1);

        public long UptimeMs
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000); }
        }

        public bool IsSynced
        {
            get { return DateTime.UtcNow > SyncedAfter; }
        }

        public long NowMs
        {
            get { return (DateTime.UtcNow - Epoch).Ticks / TimeSpan.TicksPerMillisecond; }
        }
    }
}
