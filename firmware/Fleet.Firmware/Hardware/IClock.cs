namespace Fleet.Firmware.Hardware
{
    /// <summary>
    /// The device clock: on the ESP32 the milliseconds since boot and the RTC that SNTP sets, in the
    /// simulator a virtual clock. The core never reads the system time itself, so tests and the
    /// simulator control time. Until the RTC is synced, readings are timed from boot and
    /// re-stamped when it syncs; they are never published with a time the server would reject.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since boot; never goes back, never jumps.</summary>
        long UptimeMs { get; }

        /// <summary>True once the absolute time has been set (by SNTP), so <see cref="NowMs"/> can be trusted.</summary>
        bool IsSynced { get; }

        /// <summary>Current device time, milliseconds since the Unix epoch (UTC); meaningless until <see cref="IsSynced"/>.</summary>
        long NowMs { get; }
    }
}
