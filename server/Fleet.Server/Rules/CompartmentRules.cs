using System.Collections.Concurrent;
using Fleet.Firmware.Protocol;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Ingestion;
using Fleet.Server.Settings;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>
/// The compartment rule of each kind that has one (chilled, frozen, hot), looked up without
/// allocating; a compartment whose box profile sets tighter limits gets a rule of its own, and a
/// compartment carrying food whose category sets tighter limits is judged by those during the delivery.
/// A food category's limits are the admin's stored setting (Settings/) when there is one, otherwise
/// the configured Rules:Categories:{category}; they are swapped as a whole, so a change applies from
/// the next evaluation without a restart.
/// </summary>
public sealed class CompartmentRules
{
    private readonly CompartmentRule _chilled, _frozen, _hot;
    private readonly ConcurrentDictionary<(string BoxId, string Channel), CompartmentRule> _ownLimits = new();
    private volatile IReadOnlyDictionary<string, TighterLimits> _categories;

    public CompartmentRules(IOptions<RulesOptions> options, IOptions<IngestionOptions> ingestion, CategoryLimitStore categoryStore)
    {
        ArgumentNullException.ThrowIfNull(categoryStore);
        Options = options.Value;
        // Read here, not on start, so that no rule, watch or verdict ever judges by the configured
        // limits of a category an admin has changed: whichever service first needs the rules builds them.
        _categories = Merge(Options.Categories, categoryStore.All());
        var lateAfterMs = ingestion.Value.LateAfterSeconds * 1000L;
        _chilled = new(CompartmentKinds.Chilled, Options.Chilled, lateAfterMs);
        _frozen = new(CompartmentKinds.Frozen, Options.Frozen, lateAfterMs);
        _hot = new(CompartmentKinds.Hot, Options.Hot, lateAfterMs);
    }

    /// <summary>The configured rules, as validated at start (the food categories' limits here are the configured defaults).</summary>
    public RulesOptions Options { get; }

    /// <summary>Each food category's limits in force: the stored setting, or the configured default.</summary>
    public IReadOnlyDictionary<string, TighterLimits> CategoryLimits => _categories;

    /// <summary>The rules in force, as evidence bundles list them: the configured kinds with the food categories' limits in force.</summary>
    public RulesOptions InForce => new()
    {
        Chilled = Options.Chilled,
        Frozen = Options.Frozen,
        Hot = Options.Hot,
        Categories = new Dictionary<string, TighterLimits>(_categories, StringComparer.Ordinal),
        ReEvaluateWindowMinutes = Options.ReEvaluateWindowMinutes,
    };

    public IReadOnlyList<CompartmentRule> All => [_chilled, _frozen, _hot];

    /// <summary>The rule of a kind, with the kind's own limits.</summary>
    public CompartmentRule? For(string? kind) => kind switch
    {
        CompartmentKinds.Chilled => _chilled,
        CompartmentKinds.Frozen => _frozen,
        CompartmentKinds.Hot => _hot,
        _ => null,
    };

    /// <summary>The rule of one compartment: its kind's, or its own when its box profile tightens it.</summary>
    public CompartmentRule? For(string boxId, string channel, string? kind)
    {
        var rule = For(kind);
        return rule is not null && !_ownLimits.IsEmpty && _ownLimits.TryGetValue((boxId, channel), out var own) && own.Kind == rule.Kind
            ? own
            : rule;
    }

    public CompartmentRule? ForCode(string code) => code switch
    {
        CompartmentRule.ChilledCode => _chilled,
        CompartmentRule.FrozenCode => _frozen,
        CompartmentRule.HotCode => _hot,
        _ => null,
    };

    /// <summary>
    /// The rule of a compartment while it carries a delivery's food: its own, tightened by the limits
    /// of each food category of <paramref name="delivery"/> kept in a compartment of its kind.
    /// </summary>
    public CompartmentRule ForFood(CompartmentRule compartment, Delivery delivery)
    {
        var options = compartment.Options;
        foreach (var item in delivery.Items)
        {
            if (FoodCategories.KeptIn(item.Category) == compartment.Kind && _categories.TryGetValue(item.Category, out var limits))
            {
                options = options.TightenedBy(limits);
            }
        }

        return ReferenceEquals(options, compartment.Options) ? compartment : new CompartmentRule(compartment.Kind, options, compartment.LateAfterMs);
    }

    /// <summary>Takes in a box profile's tighter limits, replacing the box's earlier ones.</summary>
    public void Apply(BoxProfile profile)
    {
        foreach (var key in _ownLimits.Keys)
        {
            if (key.BoxId == profile.BoxId)
            {
                _ownLimits.TryRemove(key, out _);
            }
        }

        foreach (var compartment in profile.Compartments)
        {
            if (For(compartment.Capability) is { } rule && compartment.Tighter() is { } tighter)
            {
                var options = rule.Options.TightenedBy(tighter);
                if (!ReferenceEquals(options, rule.Options))
                {
                    _ownLimits[(profile.BoxId, compartment.Channel)] = new CompartmentRule(rule.Kind, options, rule.LateAfterMs);
                }
            }
        }
    }

    /// <summary>
    /// Puts the food categories' stored limits in force over the configured ones: a category with a
    /// stored setting is judged by it alone, the others by their configured limits, if any.
    /// </summary>
    public void UseCategoryLimits(IReadOnlyDictionary<string, TighterLimits> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        _categories = Merge(Options.Categories, stored);
    }

    private static Dictionary<string, TighterLimits> Merge(Dictionary<string, TighterLimits> configured, IReadOnlyDictionary<string, TighterLimits> stored)
    {
        var inForce = new Dictionary<string, TighterLimits>(configured, StringComparer.Ordinal);
        foreach (var (category, limits) in stored)
        {
            inForce[category] = limits;
        }

        return inForce;
    }

    /// <summary>Takes in every stored profile's limits, and each profile saved from now on.</summary>
    public async Task LoadAsync(BoxProfileStore profiles, CancellationToken cancellationToken)
    {
        profiles.Saved += Apply;
        foreach (var boxId in await profiles.BoxIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await profiles.FindAsync(boxId, cancellationToken).ConfigureAwait(false) is { } profile)
            {
                Apply(profile);
            }
        }
    }
}
