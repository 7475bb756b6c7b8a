using Fleet.Dashboard.Data;
using Fleet.Server.Deliveries;
using Fleet.Server.Verdicts;

namespace Fleet.Server.Live;

/// <summary>Deliveries and their verdicts as the dashboard's deliveries pages show them.</summary>
public sealed class DeliveryViews(DeliveryStore deliveries, VerdictService verdicts, VerdictStore verdictStore)
{
    public Task<IReadOnlyList<DeliveryView>> RecentAsync(int limit, CancellationToken cancellationToken = default) =>
        RecentAsync(limit, null, cancellationToken);

    /// <summary>The most recent deliveries the caller sees: a manager's platform's, a regulator's regions', or all.</summary>
    public async Task<IReadOnlyList<DeliveryView>> RecentAsync(int limit, Access.AccessScope? scope, CancellationToken cancellationToken = default)
    {
        var recent = scope is null || scope.IsAdmin ? await deliveries.RecentAsync(limit, cancellationToken).ConfigureAwait(false)
            : scope.IsManager ? await deliveries.RecentOfPlatformAsync(scope.Platform!, limit, cancellationToken).ConfigureAwait(false)
            : await deliveries.RecentInRegionsAsync(scope.Regions, limit, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>(recent.Count);
        foreach (var delivery in recent)
        {
            ids.Add(delivery.OrderId);
        }

        var compliance = await verdictStore.ComplianceOfAsync(ids, cancellationToken).ConfigureAwait(false);
        var views = new List<DeliveryView>(recent.Count);
        foreach (var d in recent)
        {
            views.Add(new DeliveryView(d.OrderId, d.Merchant, d.BoxId, d.CourierId, StateOf(d), d.PromisedAt,
                compliance.TryGetValue(d.OrderId, out var compliant) ? compliant : null));
        }

        return views;
    }

    public async Task<DeliveryDetailView?> DetailAsync(string orderId, CancellationToken cancellationToken = default)
    {
        if (await deliveries.FindAsync(orderId, cancellationToken).ConfigureAwait(false) is not { } d)
        {
            return null;
        }

        // As GET /api/deliveries/{id}/verdict does: computed now when handed over and not computed yet.
        var verdict = d.HandedOverAt is null ? null : await verdicts.GetAsync(orderId, cancellationToken).ConfigureAwait(false);
        var items = new List<FoodItemView>(d.Items.Count);
        foreach (var item in d.Items)
        {
            items.Add(new FoodItemView(item.Name, item.Category, item.ShelfLifeHours));
        }

        return new DeliveryDetailView(d.OrderId, d.Merchant, d.Address, items, d.OrderedAt, d.ProcessedAt, d.PromisedAt,
            d.CourierId, d.BoxId, d.AssignedAt, d.PickedUpAt, d.HandedOverAt, verdict is null ? null : ToView(verdict));
    }

    private static DeliveryState StateOf(Delivery d) =>
        d.HandedOverAt is not null ? DeliveryState.HandedOver
        : d.PickedUpAt is not null ? DeliveryState.PickedUp
        : d.AssignedAt is not null ? DeliveryState.Assigned
        : DeliveryState.Created;

    private static VerdictView ToView(DeliveryVerdict v)
    {
        var compartments = new List<CompartmentEvidenceView>(v.Compartments.Count);
        foreach (var c in v.Compartments)
        {
            compartments.Add(new CompartmentEvidenceView(c.Channel, c.Kind, c.Readings, c.MinCelsius, c.MaxCelsius, c.MeanCelsius, c.MinutesOutOfRange, c.LimitCelsius));
        }

        var gaps = new List<EvidenceGapView>(v.Gaps.Count);
        foreach (var g in v.Gaps)
        {
            gaps.Add(new EvidenceGapView(g.Channel, g.From, g.To, g.Minutes));
        }

        return new VerdictView(v.Compliant, v.Reasons, compartments, v.ProcessingToHandOverMinutes, v.ProcessingLimitMinutes,
            v.PickupToHandOverMinutes, v.PromisedMinutes, v.LateByMinutes, v.DisinfectionAgeMinutes, v.CourierFit, gaps, v.ComputedAt, v.Revision);
    }
}
