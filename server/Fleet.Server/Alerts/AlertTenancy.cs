using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;

namespace Fleet.Server.Alerts;

/// <summary>
/// The platform and region an alert's audit entries carry: the platform of its box, and the
/// merchant region of the delivery it concerns (its order, or else the one delivery the box carried
/// when the alert was raised), so a regulator reads the entries of the alerts they see. With no
/// such delivery, or several of different regions, the region is left out and the entry is for
/// admins only.
/// </summary>
public sealed class AlertTenancy(BoxRegistry boxes, DeliveryStore deliveries)
{
    public async Task<(string? Platform, string? Region)> OfAsync(Alert alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var platform = boxes.PlatformOf(alert.BoxId);
        if (alert.OrderId is { } orderId)
        {
            return (platform, (await deliveries.FindAsync(orderId, cancellationToken).ConfigureAwait(false))?.MerchantRegion);
        }

        var regions = await deliveries.MerchantRegionsInBoxAtAsync(alert.BoxId, alert.RaisedAtMs, cancellationToken).ConfigureAwait(false);
        return (platform, regions.Count == 1 ? regions[0] : null);
    }
}
