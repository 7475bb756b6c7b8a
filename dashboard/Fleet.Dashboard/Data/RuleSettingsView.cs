namespace Fleet.Dashboard.Data;

/// <summary>The rule limits in force: each compartment kind's and each food category's.</summary>
/// <param name="Refusal">Why nothing is shown, in words for the user, when the user may not see the settings.</param>
public sealed record RuleSettingsView(IReadOnlyList<KindLimitsView> Kinds, IReadOnlyList<CategoryLimitsView> Categories, string? Refusal = null)
{
    public static RuleSettingsView Refused(string why) => new([], [], why);
}
