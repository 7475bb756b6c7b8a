using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fleet.Server.Regulator;

/// <summary>The regulator view's data as one signed-in user may see it (one per Blazor circuit), from the same SQL as the API.</summary>
public sealed class ScopedRegulatorData(RegulatorStore store, AuthenticationStateProvider authentication, TimeProvider time) : IRegulatorData
{
    public async Task<RegulatorChoices> GetChoicesAsync(CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync().ConfigureAwait(false);
        var to = time.GetUtcNow();
        var (platforms, merchants) = await store.ChoicesAsync(scope, new RegulatorFilter(to.AddDays(-RegulatorQuery.MaxWindowDays), to.AddDays(1)), cancellationToken).ConfigureAwait(false);
        return new RegulatorChoices(Describe(scope), platforms, merchants);
    }

    public async Task<IReadOnlyList<RegulatorStatisticsRow>> GetStatisticsAsync(RegulatorFilter filter, string groupBy, CancellationToken cancellationToken = default)
    {
        if (!RegulatorStore.Groupings.Contains(groupBy))
        {
            throw new ArgumentException($"groupBy must be one of: {string.Join(", ", RegulatorStore.Groupings)}", nameof(groupBy));
        }

        return await store.StatisticsAsync(await ScopeAsync().ConfigureAwait(false), filter, groupBy, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RegulatorDeliveryPage> GetDeliveriesAsync(RegulatorFilter filter, int page, int pageSize, CancellationToken cancellationToken = default) =>
        await store.DeliveriesAsync(await ScopeAsync().ConfigureAwait(false), filter, Math.Max(1, page), Math.Clamp(pageSize, 1, RegulatorQuery.MaxPageSize), cancellationToken).ConfigureAwait(false);

    private static string Describe(AccessScope scope) =>
        scope.IsAdmin ? "All regions and platforms (administrator)"
        : scope.IsRegulator ? "Regions " + string.Join(", ", scope.Regions)
        : scope.IsManager ? "Platform " + scope.Platform
        : "Nothing";

    private async Task<AccessScope> ScopeAsync() =>
        AccessScope.Of((await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User);
}
