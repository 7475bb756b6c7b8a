namespace Fleet.Server.Rules;

/// <summary>The "Rules:Chilled" configuration section: the chilled-compartment-too-warm rule.</summary>
public sealed class ChilledRuleOptions
{
    public const string Section = "Rules:Chilled";

    /// <summary>Highest temperature a chilled compartment may hold, °C.</summary>
    public double MaxCelsius { get; set; } = 8;

    /// <summary>How long, in device minutes, a compartment may stay above the maximum before an alert is raised.</summary>
    public double GraceMinutes { get; set; } = 5;

    /// <summary>An excursion ends only at or below MaxCelsius minus this, so a reading hovering at the limit does not flap.</summary>
    public double HysteresisCelsius { get; set; } = 0.5;

    /// <summary>On start, each chilled compartment's last (grace + this) minutes of readings are replayed to rebuild rule state.</summary>
    public double ReplayMarginMinutes { get; set; } = 5;

    internal long GraceMs => (long)(GraceMinutes * 60_000);
}
