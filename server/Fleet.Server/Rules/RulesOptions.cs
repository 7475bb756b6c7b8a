namespace Fleet.Server.Rules;

/// <summary>The "Rules" configuration section: each compartment kind's limits, defaults from the brief's catalogue.</summary>
public sealed class RulesOptions
{
    public const string Section = "Rules";

    /// <summary>Chilled: above 8 °C for more than 5 min.</summary>
    public CompartmentRuleOptions Chilled { get; set; } = new() { MaxCelsius = 8 };

    /// <summary>Frozen: above −18 °C for more than 5 min, or above −15 °C at once.</summary>
    public CompartmentRuleOptions Frozen { get; set; } = new() { MaxCelsius = -18, InstantMaxCelsius = -15 };

    /// <summary>Hot: below 60 °C for more than 5 min.</summary>
    public CompartmentRuleOptions Hot { get; set; } = new() { MinCelsius = 60 };

    /// <summary>
    /// Tighter limits for the food of a category (chilled, frozen, hot, raw-or-cold), applied to the
    /// compartments that carry it during a delivery, for example Rules:Categories:raw-or-cold:MaxCelsius=5.
    /// None by default: the compartment kinds' limits apply.
    /// </summary>
    public Dictionary<string, TighterLimits> Categories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How far, in device minutes, before a reading that arrives out of order its compartment's
    /// history is re-run; longer than any grace time, so an excursion it completes is found.
    /// </summary>
    public double ReEvaluateWindowMinutes { get; set; } = 120;

    internal long ReEvaluateWindowMs => (long)(ReEvaluateWindowMinutes * 60_000);
}
