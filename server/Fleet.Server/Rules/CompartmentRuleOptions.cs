namespace Fleet.Server.Rules;

/// <summary>
/// One compartment kind's limits (Rules:Chilled, Rules:Frozen, Rules:Hot). A kind kept cold sets
/// MaxCelsius (and may set InstantMaxCelsius); a kind kept hot sets MinCelsius.
/// </summary>
public sealed class CompartmentRuleOptions
{
    /// <summary>Highest temperature the compartment may hold, °C; null for a kind kept hot.</summary>
    public double? MaxCelsius { get; set; }

    /// <summary>Above this, °C, the alert is raised at once, without waiting for the grace time.</summary>
    public double? InstantMaxCelsius { get; set; }

    /// <summary>Lowest temperature the compartment may hold, °C; null for a kind kept cold.</summary>
    public double? MinCelsius { get; set; }

    /// <summary>How long, in device minutes, a compartment may stay beyond its limit before an alert is raised.</summary>
    public double GraceMinutes { get; set; } = 5;

    /// <summary>An excursion ends only this far back inside the limit, so a reading hovering at the limit does not flap.</summary>
    public double HysteresisCelsius { get; set; } = 0.5;

    /// <summary>On start, each compartment's last (grace + this) minutes of readings are replayed to rebuild rule state.</summary>
    public double ReplayMarginMinutes { get; set; } = 5;

    internal long GraceMs => (long)(GraceMinutes * 60_000);

    internal bool KeepsCold => MaxCelsius is not null;

    /// <summary>These options with whichever of <paramref name="tighter"/>'s limits are tighter; the same instance when none is.</summary>
    internal CompartmentRuleOptions TightenedBy(TighterLimits tighter)
    {
        var max = KeepsCold && tighter.MaxCelsius < MaxCelsius ? tighter.MaxCelsius : MaxCelsius;
        var min = !KeepsCold && tighter.MinCelsius > MinCelsius ? tighter.MinCelsius : MinCelsius;
        var grace = tighter.GraceMinutes is { } g && g > 0 && g < GraceMinutes ? g : GraceMinutes;
        if (max == MaxCelsius && min == MinCelsius && grace == GraceMinutes)
        {
            return this;
        }

        return new CompartmentRuleOptions
        {
            MaxCelsius = max,
            InstantMaxCelsius = InstantMaxCelsius,
            MinCelsius = min,
            GraceMinutes = grace,
            HysteresisCelsius = HysteresisCelsius,
            ReplayMarginMinutes = ReplayMarginMinutes,
        };
    }
}
