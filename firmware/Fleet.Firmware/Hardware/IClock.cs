namespace Fleet.Firmware.Hardware
{
    /// <summary>
    /// The device clock: on the ESP32 the RTC set by SNTP, in the simulator a virtual clock.
    /// The core never reads the system time itself, so tests and the simulator control time.
    /// </summary>
    public interface IClock
    {
        /// <summary>Current device time, milliseconds since the Unix epoch (UTC).</summary>
        long NowMs { get; }
    }
}
