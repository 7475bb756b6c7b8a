using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Fleet.Server.Boxes;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fleet.Server.Settings;

/// <summary>
/// The settings page's data (IRuleSettings), one per dashboard circuit: only an admin may read or
/// change the settings, as on the API, and each change is audited in the circuit's signed-in user's name.
/// </summary>
public sealed class ScopedRuleSettings(RuleSettings settings, BoxProfileStore profiles, BoxProfileEditor editor, AuthenticationStateProvider authentication) : IRuleSettings
{
    private const string NotAllowed = "Only admins may see and change the rule settings.";

    public async Task<RuleSettingsView> GetRulesAsync(CancellationToken cancellationToken = default) =>
        await AdminAsync().ConfigureAwait(false) is null
            ? RuleSettingsView.Refused(NotAllowed)
            : await settings.GetAsync(cancellationToken).ConfigureAwait(false);

    public async Task<CategoryChangeResult> SaveCategoryAsync(string category, LimitValues limits, CancellationToken cancellationToken = default) =>
        await AdminAsync().ConfigureAwait(false) is { } actor
            ? await settings.SetAsync(category, limits, actor, cancellationToken).ConfigureAwait(false)
            : CategoryChangeResult.Refused(NotAllowed);

    public async Task<CategoryChangeResult> ResetCategoryAsync(string category, CancellationToken cancellationToken = default) =>
        await AdminAsync().ConfigureAwait(false) is { } actor
            ? await settings.ResetAsync(category, actor, cancellationToken).ConfigureAwait(false)
            : CategoryChangeResult.Refused(NotAllowed);

    public async Task<IReadOnlyList<BoxProfileLimitsView>> GetBoxProfilesAsync(CancellationToken cancellationToken = default)
    {
        if (await AdminAsync().ConfigureAwait(false) is null)
        {
            return [];
        }

        return [.. (await profiles.AllAsync(cancellationToken).ConfigureAwait(false)).Select(View)];
    }

    public async Task<BoxLimitsChangeResult> SaveBoxLimitsAsync(string boxId, IReadOnlyList<CompartmentLimitsView> compartments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compartments);
        if (await AdminAsync().ConfigureAwait(false) is not { } actor)
        {
            return BoxLimitsChangeResult.Refused(NotAllowed);
        }

        if (await profiles.FindAsync(boxId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return BoxLimitsChangeResult.Refused($"box {boxId} has no profile");
        }

        // Only the limits change: each compartment keeps its capability, the box its in-service date.
        var changed = stored with
        {
            Compartments = [.. stored.Compartments.Select(c => compartments.FirstOrDefault(n => n.Channel == c.Channel) is { } edited
                ? c with { MaxCelsius = edited.Limits.MaxCelsius, MinCelsius = edited.Limits.MinCelsius, GraceMinutes = edited.Limits.GraceMinutes }
                : c)],
        };
        return await editor.SaveAsync(changed, actor, cancellationToken).ConfigureAwait(false) is { } problem
            ? BoxLimitsChangeResult.Refused(problem)
            : new BoxLimitsChangeResult(View(changed), null);
    }

    private static BoxProfileLimitsView View(BoxProfile profile) => new(
        profile.BoxId,
        profile.InService,
        [.. profile.Compartments.Select(c => new CompartmentLimitsView(c.Channel, c.Capability, new LimitValues(c.MaxCelsius, c.MinCelsius, c.GraceMinutes)))]);

    // The circuit's user as the audit trail names them, when an admin; null otherwise.
    private async Task<AuditActor?> AdminAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User;
        // A circuit has no request address of its own: its entries say they came from the dashboard.
        return AccessScope.Of(user).IsAdmin ? AuditActor.From(user, ScopedFleetFeed.DashboardAddress) : null;
    }
}
