namespace Fleet.Firmware.Queue
{
    /// <summary>Whether a queued record goes to the telemetry or the events topic.</summary>
    public enum RecordKind
    {
        /// <summary>A temperature measurement.</summary>
        Telemetry = 0,

        /// <summary>An event with a boolean or string value.</summary>
        Event = 1,
    }
}
