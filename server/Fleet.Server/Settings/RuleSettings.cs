using System.Globalization;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Audit;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;

namespace Fleet.Server.Settings;

/// <summary>
/// The rule settings an admin changes at run time: each food category's limits, validated against
/// its compartment kind's (the regulation's, from configuration only), stored, put in force in
/// <see cref="CompartmentRules"/> at once, and recorded in the audit trail with before and after.
/// The API and the dashboard both go through here, so they refuse and record the same way.
/// </summary>
public sealed class RuleSettings(CompartmentRules rules, CategoryLimitStore store, AuditTrail audit, SettingsMetrics metrics, ILogger<RuleSettings> logger)
{
    /// <summary>The food categories whose food has temperature limits, in the order the page lists them.</summary>
    public static readonly IReadOnlyList<string> Categories = [FoodCategories.Chilled, FoodCategories.RawOrCold, FoodCategories.Frozen, FoodCategories.Hot];

    private static readonly RulesOptions Regulation = new();
    private readonly SemaphoreSlim _oneChange = new(1, 1);

    /// <summary>The audit target of a category's limits: settings/rules/categories/{category}.</summary>
    public static AuditTarget TargetOf(string category) => new(AuditTarget.Settings, $"rules/categories/{category}");

    /// <summary>The compartment kinds' limits and every category's limits in force.</summary>
    public async Task<RuleSettingsView> GetAsync(CancellationToken cancellationToken)
    {
        var stored = await StoredAsync(cancellationToken).ConfigureAwait(false);
        return new RuleSettingsView(
            [
                Kind(CompartmentKinds.Chilled, rules.Options.Chilled, Regulation.Chilled, "Rules:Chilled"),
                Kind(CompartmentKinds.Frozen, rules.Options.Frozen, Regulation.Frozen, "Rules:Frozen"),
                Kind(CompartmentKinds.Hot, rules.Options.Hot, Regulation.Hot, "Rules:Hot"),
            ],
            [.. Categories.Select(c => View(c, stored))]);
    }

    /// <summary>Sets a category's limits; refused, changing nothing, when they would not tighten its kind's.</summary>
    public async Task<CategoryChangeResult> SetAsync(string category, LimitValues limits, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(actor);
        var tighter = new TighterLimits { MaxCelsius = limits.MaxCelsius, MinCelsius = limits.MinCelsius, GraceMinutes = limits.GraceMinutes };
        if (Refusal(category, tighter) is { } problem)
        {
            metrics.CountRefused();
            SettingsLog.ChangeRefused(logger, category, actor.Name, problem);
            return CategoryChangeResult.Refused(problem);
        }

        return await ChangeAsync(category, actor, () => store.SaveAsync(category, tighter, actor.Name, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a category's setting, putting its configured default (or its kind's limits) back in force.</summary>
    public async Task<CategoryChangeResult> ResetAsync(string category, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (KindOf(category) is null)
        {
            var problem = Unknown(category);
            metrics.CountRefused();
            SettingsLog.ChangeRefused(logger, category, actor.Name, problem);
            return CategoryChangeResult.Refused(problem);
        }

        return await ChangeAsync(category, actor, () => store.DeleteAsync(category, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why <paramref name="limits"/> cannot be <paramref name="category"/>'s, or null when they can.</summary>
    public string? Refusal(string category, TighterLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (KindOf(category) is not { } kind)
        {
            return Unknown(category);
        }

        if (limits.MaxCelsius is null && limits.MinCelsius is null && limits.GraceMinutes is null)
        {
            return "set at least one of maxCelsius, minCelsius and graceMinutes, or reset the category to its default";
        }

        return limits.Problem(rules.For(kind)!.Options) is { } problem ? $"{category} food is kept in {kind} compartments: {problem}" : null;
    }

    private async Task<CategoryChangeResult> ChangeAsync(string category, AuditActor actor, Func<Task> change, CancellationToken cancellationToken)
    {
        await _oneChange.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = View(category, await StoredAsync(cancellationToken).ConfigureAwait(false));
            await change().ConfigureAwait(false);
            var stored = await StoredAsync(cancellationToken).ConfigureAwait(false);
            var after = View(category, stored);
            rules.UseCategoryLimits(stored.ToDictionary(s => s.Key, s => s.Value.Limits, StringComparer.Ordinal));
            if (before.InForce == after.InForce && before.Source == after.Source)
            {
                return new CategoryChangeResult(after, null, "nothing");
            }

            await audit.RecordAsync(AuditEntry.ConfigChanged(actor, TargetOf(category), Audited(before), Audited(after))).ConfigureAwait(false);
            var described = Describe(before, after);
            SettingsLog.Changed(logger, category, actor.Name, described);
            return new CategoryChangeResult(after, null, described);
        }
        finally
        {
            _oneChange.Release();
        }
    }

    private async Task<Dictionary<string, CategoryLimitSetting>> StoredAsync(CancellationToken cancellationToken) =>
        (await store.SettingsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Category, StringComparer.Ordinal);

    private CategoryLimitsView View(string category, Dictionary<string, CategoryLimitSetting> stored)
    {
        var configured = rules.Options.Categories.TryGetValue(category, out var c) ? Values(c) : LimitValues.None;
        if (stored.TryGetValue(category, out var setting))
        {
            return new CategoryLimitsView(category, KindOf(category)!, Values(setting.Limits), configured, CategoryLimitsView.FromSetting, setting.UpdatedAt, setting.UpdatedBy);
        }

        return new CategoryLimitsView(category, KindOf(category)!, configured, configured, configured.IsEmpty ? CategoryLimitsView.FromKind : CategoryLimitsView.FromConfiguration);
    }

    // What the audit trail keeps of a category: its limits in force and where they came from.
    private static object Audited(CategoryLimitsView view) => new { view.InForce.MaxCelsius, view.InForce.MinCelsius, view.InForce.GraceMinutes, view.Source };

    private static string Describe(CategoryLimitsView before, CategoryLimitsView after)
    {
        var parts = new List<string>();
        Part(parts, "max", before.InForce.MaxCelsius, after.InForce.MaxCelsius, "°C");
        Part(parts, "min", before.InForce.MinCelsius, after.InForce.MinCelsius, "°C");
        Part(parts, "grace", before.InForce.GraceMinutes, after.InForce.GraceMinutes, "min");
        var what = parts.Count == 0 ? "same limits" : string.Join(", ", parts);
        return $"{after.Category}: {what} ({before.Source} → {after.Source})";
    }

    private static void Part(List<string> parts, string name, double? before, double? after, string unit)
    {
        if (before != after)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {Text(before)} → {Text(after)} {unit}"));
        }
    }

    private static string Text(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "kind's";

    private static KindLimitsView Kind(string kind, CompartmentRuleOptions configured, CompartmentRuleOptions regulation, string section)
    {
        var same = configured.MaxCelsius == regulation.MaxCelsius && configured.InstantMaxCelsius == regulation.InstantMaxCelsius
            && configured.MinCelsius == regulation.MinCelsius && configured.GraceMinutes == regulation.GraceMinutes;
        return new KindLimitsView(kind, configured.MaxCelsius, configured.InstantMaxCelsius, configured.MinCelsius, configured.GraceMinutes, same ? "regulation" : $"configuration ({section})");
    }

    private static LimitValues Values(TighterLimits limits) => new(limits.MaxCelsius, limits.MinCelsius, limits.GraceMinutes);

    private static string? KindOf(string category) => Categories.Contains(category) ? FoodCategories.KeptIn(category) : null;

    private static string Unknown(string category) => FoodCategories.IsKnown(category)
        ? $"{category} food has no temperature limits"
        : $"no food category {category}: chilled, raw-or-cold, frozen or hot";
}
