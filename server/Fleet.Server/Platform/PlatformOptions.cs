namespace Fleet.Server.Platform;

/// <summary>The "Platform" section: facts about the platform Fleet serves.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>
    /// The platform's offset from UTC, in hours: its calendar decides what "today" is for a
    /// courier's daily health check or a calibration's due day. China Standard Time is +8 and has
    /// no daylight saving, so a fixed offset is exact there.
    /// </summary>
    public double UtcOffsetHours { get; set; } = 8;
}
