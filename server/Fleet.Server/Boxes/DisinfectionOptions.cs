namespace Fleet.Server.Boxes;

/// <summary>The "Disinfection" configuration section (R4).</summary>
public sealed class DisinfectionOptions
{
    public const string Section = "Disinfection";

    /// <summary>A UV-C cycle (lamp on to lamp off) shorter than this, in seconds, does not count as a disinfection.</summary>
    public double MinDoseSeconds { get; set; } = 300;

    /// <summary>A box whose last counted disinfection ended longer ago than this, in hours, is unfit for service.</summary>
    public double MaxAgeHours { get; set; } = 24;

    /// <summary>A box in service longer than this, in days, is due for replacement.</summary>
    public int ReplaceAfterDays { get; set; } = 365;
}
