namespace Fleet.Dashboard.Data;

/// <summary>One food category's limits in force, and where they came from.</summary>
/// <param name="Kind">The compartment kind whose limits the category tightens (chilled, frozen, hot).</param>
/// <param name="InForce">The category's own limits now in force; empty values are the kind's.</param>
/// <param name="Configured">The configured default (Rules:Categories:{category}) a reset goes back to.</param>
/// <param name="Source">"setting" (an admin's, stored), "configuration" or "kind" (none of its own).</param>
/// <param name="ChangedBy">Who stored the setting, for the source "setting".</param>
public sealed record CategoryLimitsView(
    string Category,
    string Kind,
    LimitValues InForce,
    LimitValues Configured,
    string Source,
    DateTimeOffset? ChangedAt = null,
    string? ChangedBy = null)
{
    public const string FromSetting = "setting";
    public const string FromConfiguration = "configuration";
    public const string FromKind = "kind";
}
