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
public sealed class ScopedRuleSettings(RuleSettings settings, BoxProfileStore profiles, AuthenticationStateProvider authentication) : IRuleSettings
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

        return [.. (await profiles.AllAsync(cancellationToken).ConfigureAwait(false)).Select(p => new BoxProfileLimitsView(
            p.BoxId,
            p.InService,
            [.. p.Compartments.Select(c => new CompartmentLimitsView(c.Channel, c.Capability, new LimitValues(c.MaxCelsius, c.MinCelsius, c.GraceMinutes)))]))];
    }

    // The circuit's user as the audit trail names them, when an admin; null otherwise.
    private async Task<AuditActor?> AdminAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User;
        // A circuit has no request address of its own: its entries say they came from the dashboard.
        return AccessScope.Of(user).IsAdmin ? AuditActor.From(user, ScopedFleetFeed.DashboardAddress) : null;
    }
}
