namespace Fleet.Server.Rules;

/// <summary>
/// Limits tighter than a compartment kind's, for one food category (Rules:Categories:{category})
/// or one compartment of a box profile. They may only tighten: a looser value is refused where it
/// is set, and ignored where limits are combined.
/// </summary>
public sealed class TighterLimits
{
    /// <summary>A lower maximum, °C, for food kept cold.</summary>
    public double? MaxCelsius { get; set; }

    /// <summary>A higher minimum, °C, for food kept hot.</summary>
    public double? MinCelsius { get; set; }

    /// <summary>A shorter grace time, in device minutes.</summary>
    public double? GraceMinutes { get; set; }

    /// <summary>Why these limits do not tighten <paramref name="rule"/>'s, or null when they do.</summary>
    public string? Problem(CompartmentRuleOptions rule)
    {
        if (rule.KeepsCold ? MinCelsius is not null : MaxCelsius is not null)
        {
            return rule.KeepsCold ? "minCelsius is for food kept hot" : "maxCelsius is for food kept cold";
        }

        if (MaxCelsius > rule.MaxCelsius || MaxCelsius < -60)
        {
            return $"maxCelsius may only lower the maximum of {rule.MaxCelsius} °C (down to -60)";
        }

        if (MinCelsius < rule.MinCelsius || MinCelsius > 130)
        {
            return $"minCelsius may only raise the minimum of {rule.MinCelsius} °C (up to 130)";
        }

        return GraceMinutes is <= 0 || GraceMinutes > rule.GraceMinutes
            ? $"graceMinutes may only shorten the grace time of {rule.GraceMinutes} min (and stay above 0)"
            : null;
    }
}
