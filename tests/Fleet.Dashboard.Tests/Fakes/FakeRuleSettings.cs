using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>
/// Rule settings over a list: refuses a maximum above its kind's as the server would, or whatever
/// <see cref="Refusal"/> says; remembers what it was asked to save and reset.
/// </summary>
internal sealed class FakeRuleSettings : IRuleSettings
{
    public List<KindLimitsView> Kinds { get; } =
    [
        new("chilled", 8, null, null, 5, "regulation"),
        new("frozen", -18, -15, null, 5, "regulation"),
        new("hot", null, null, 60, 5, "regulation"),
    ];

    public List<CategoryLimitsView> Categories { get; } =
    [
        new("chilled", "chilled", LimitValues.None, LimitValues.None, CategoryLimitsView.FromKind),
        new("raw-or-cold", "chilled", new(6, null, null), new(6, null, null), CategoryLimitsView.FromConfiguration),
        new("frozen", "frozen", LimitValues.None, LimitValues.None, CategoryLimitsView.FromKind),
        new("hot", "hot", LimitValues.None, LimitValues.None, CategoryLimitsView.FromKind),
    ];

    public List<BoxProfileLimitsView> Profiles { get; } = [];

    /// <summary>When set, every read and change is refused with it, as for a user who is not an admin.</summary>
    public string? Refusal { get; set; }

    /// <summary>When set, reading the settings throws it, as when the server cannot answer.</summary>
    public Exception? Failure { get; set; }

    public List<(string Category, LimitValues Limits)> Saved { get; } = [];

    public List<string> Reset { get; } = [];

    public Task<RuleSettingsView> GetRulesAsync(CancellationToken cancellationToken = default)
    {
        if (Failure is { } failure)
        {
            return Task.FromException<RuleSettingsView>(failure);
        }

        return Task.FromResult(Refusal is { } refusal ? RuleSettingsView.Refused(refusal) : new RuleSettingsView([.. Kinds], [.. Categories]));
    }

    public Task<CategoryChangeResult> SaveCategoryAsync(string category, LimitValues limits, CancellationToken cancellationToken = default)
    {
        var before = Categories.Single(c => c.Category == category);
        var kind = Kinds.Single(k => k.Kind == before.Kind);
        if (Refusal is { } refusal)
        {
            return Task.FromResult(CategoryChangeResult.Refused(refusal));
        }

        if (limits.MaxCelsius > kind.MaxCelsius)
        {
            return Task.FromResult(CategoryChangeResult.Refused($"{category} food is kept in {kind.Kind} compartments: maxCelsius may only lower the maximum of {kind.MaxCelsius} °C (down to -60)"));
        }

        Saved.Add((category, limits));
        var after = before with { InForce = limits, Source = CategoryLimitsView.FromSetting, ChangedAt = Views.Now, ChangedBy = "test-admin" };
        Categories[Categories.IndexOf(before)] = after;
        return Task.FromResult(new CategoryChangeResult(after, null, $"{category}: max {before.InForce.MaxCelsius} → {limits.MaxCelsius} °C ({before.Source} → setting)"));
    }

    public Task<CategoryChangeResult> ResetCategoryAsync(string category, CancellationToken cancellationToken = default)
    {
        var before = Categories.Single(c => c.Category == category);
        Reset.Add(category);
        var after = before with
        {
            InForce = before.Configured,
            Source = before.Configured.IsEmpty ? CategoryLimitsView.FromKind : CategoryLimitsView.FromConfiguration,
            ChangedAt = null,
            ChangedBy = null,
        };
        Categories[Categories.IndexOf(before)] = after;
        return Task.FromResult(new CategoryChangeResult(after, null, $"{category}: back to {after.Source}"));
    }

    public List<(string BoxId, IReadOnlyList<CompartmentLimitsView> Compartments)> SavedBoxes { get; } = [];

    public Task<BoxLimitsChangeResult> SaveBoxLimitsAsync(string boxId, IReadOnlyList<CompartmentLimitsView> compartments, CancellationToken cancellationToken = default)
    {
        var before = Profiles.Single(p => p.BoxId == boxId);
        if (compartments.FirstOrDefault(c => c.Capability == "chilled" && c.Limits.MaxCelsius > 8) is { } looser)
        {
            return Task.FromResult(BoxLimitsChangeResult.Refused($"compartment {looser.Channel}: maxCelsius may only lower the maximum of 8 °C (down to -60)"));
        }

        SavedBoxes.Add((boxId, compartments));
        var after = before with { Compartments = compartments };
        Profiles[Profiles.IndexOf(before)] = after;
        return Task.FromResult(new BoxLimitsChangeResult(after, null));
    }

    public Task<IReadOnlyList<BoxProfileLimitsView>> GetBoxProfilesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BoxProfileLimitsView>>(Refusal is null ? [.. Profiles] : []);
}
