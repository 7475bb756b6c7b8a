namespace Fleet.Server.Rules;

/// <summary>
/// The "Rules:Watch" section: rules checked on a clock rather than per reading (late delivery, danger
/// zone, evidence gap, lid open, disinfection and calibration due) and the stuck-sensor rule. The
/// danger-zone limits and the evidence-gap intervals are the verdict's (Verdicts:*), so the live
/// alert and the final verdict judge by the same numbers.
/// </summary>
public sealed class WatchOptions
{
    public const string Section = "Rules:Watch";

    /// <summary>How often, in seconds, the watch runs.</summary>
    public double CheckSeconds { get; set; } = 10;

    /// <summary>A delivery not handed over by this fraction of its promise (order to promised time) raises a warning.</summary>
    public double LateWarnFraction { get; set; } = 0.8;

    /// <summary>A lid open longer than this, in seconds, with chilled or frozen food inside raises an alert.</summary>
    public double LidOpenSeconds { get; set; } = 60;

    /// <summary>This many identical readings in a row from a compartment's sensor mean it is stuck.</summary>
    public int StuckReadings { get; set; } = 120;

    /// <summary>Hand-overs this many hours back are still looked at, to close their alerts and record late ones.</summary>
    public double LookBackHours { get; set; } = 24;

    internal long CheckMs => (long)(CheckSeconds * 1000);
}
