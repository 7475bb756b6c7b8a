namespace Fleet.Server.Ingestion;

/// <summary>The "Ingestion" configuration section: what is accepted and when it counts as late.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>How far ahead of the server clock a device time may be (demo mode raises it: simulated clocks run fast).</summary>
    public int MaxClockAheadSeconds { get; set; } = 300;

    /// <summary>
    /// How old a device time may be, in days; 0 for no limit (SQLite keeps every key it stored, so it
    /// always tells a replay from a new record). The InfluxDB store lowers it to its dedupe window.
    /// </summary>
    public int MaxAgeDays { get; set; }

    /// <summary>Register a box the first time it publishes; when false, unknown boxes are rejected ("unknown-box").</summary>
    public bool AutoRegisterBoxes { get; set; } = true;

    /// <summary>A reading that arrives more than this after its device time is late; an alert it raises is marked late.</summary>
    public int LateAfterSeconds { get; set; } = 120;

    /// <summary>How many of the latest rejections GET /api/ingestion shows.</summary>
    public int RecentRejections { get; set; } = 50;
}
