using Fleet.Dashboard.Data;
using Fleet.Server.Live;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fleet.Server.Access;

/// <summary>
/// The couriers page and the disinfection board as one signed-in user sees them (one per Blazor
/// circuit): everything for an admin; a manager's own platform's couriers and boxes; for a
/// regulator no courier register, and the boxes of the deliveries in their regions.
/// </summary>
public sealed class ScopedFleetRegisters(FleetRegisters inner, ScopeGuard guard, AuthenticationStateProvider authentication) : IFleetRegisters
{
    public event Action? CouriersChanged
    {
        add => inner.CouriersChanged += value;
        remove => inner.CouriersChanged -= value;
    }

    public event Action? DisinfectionsChanged
    {
        add => inner.DisinfectionsChanged += value;
        remove => inner.DisinfectionsChanged -= value;
    }

    public async Task<CourierRoster> GetCouriersAsync(CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync().ConfigureAwait(false);
        return await inner.GetCouriersAsync(platform => scope.IsAdmin || (scope.IsManager && scope.ManagesPlatform(platform)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DisinfectionView>> GetDisinfectionBoardAsync(CancellationToken cancellationToken = default)
    {
        var filter = await guard.BoxFilterAsync(await ScopeAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return [.. (await inner.GetDisinfectionBoardAsync(cancellationToken).ConfigureAwait(false)).Where(box => filter.Box(box.BoxId))];
    }

    private async Task<AccessScope> ScopeAsync() =>
        AccessScope.Of((await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User);
}
