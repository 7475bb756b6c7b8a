namespace Fleet.Server.Verdicts;

/// <summary>The "Verdicts" configuration section: the limits a delivery's compliance verdict is judged by (R2, R5, R11).</summary>
public sealed class VerdictOptions
{
    public const string Section = "Verdicts";

    /// <summary>Longest time, in hours, from processing to hand-over for food held between 8 and 60 °C.</summary>
    public double DangerZoneHours { get; set; } = 2;

    /// <summary>Longest time, in hours, from processing to hand-over for hot food kept at 60 °C or above all the way.</summary>
    public double HotHeldHours { get; set; } = 4;

    /// <summary>A compartment without a reading for more than this many sampling intervals during a delivery has an evidence gap.</summary>
    public double GapIntervals { get; set; } = 3;

    /// <summary>Sampling interval, in seconds, assumed for a box that has not reported its own.</summary>
    public int DefaultIntervalSeconds { get; set; } = 30;
}
