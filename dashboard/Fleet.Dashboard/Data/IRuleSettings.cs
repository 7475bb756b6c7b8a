namespace Fleet.Dashboard.Data;

/// <summary>
/// What the settings page reads and changes: the rule limits of each compartment kind (the
/// regulation's, read-only), each food category's tighter limits (editable), and the boxes whose
/// profiles set limits of their own. The server implements it per circuit, acting as the signed-in
/// user: only an admin may read or change these settings, and each change is audited in their name.
/// </summary>
public interface IRuleSettings
{
    /// <summary>The limits in force; <see cref="RuleSettingsView.Refusal"/> says why when the user may not see them.</summary>
    Task<RuleSettingsView> GetRulesAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets <paramref name="category"/>'s limits, in force from the next reading; refused with the reason when they would not tighten its kind's.</summary>
    Task<CategoryChangeResult> SaveCategoryAsync(string category, LimitValues limits, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="category"/>'s setting, putting its configured default back in force.</summary>
    Task<CategoryChangeResult> ResetCategoryAsync(string category, CancellationToken cancellationToken = default);

    /// <summary>Every box with a profile, with its compartments' own limits (null values keep the kind's).</summary>
    Task<IReadOnlyList<BoxProfileLimitsView>> GetBoxProfilesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the own limits of a box's compartments (by channel; capabilities and in-service date are
    /// kept), as PUT /api/boxes/{id}/profile does; refused with the reason when a value would not tighten its kind's.
    /// </summary>
    Task<BoxLimitsChangeResult> SaveBoxLimitsAsync(string boxId, IReadOnlyList<CompartmentLimitsView> compartments, CancellationToken cancellationToken = default);
}
