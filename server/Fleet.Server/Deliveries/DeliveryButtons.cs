using Fleet.Server.Storage;

namespace Fleet.Server.Deliveries;

/// <summary>
/// Pickup and hand-over pressed on the box ("pickup"/"handover" events whose value is the order
/// id): recorded on the delivery assigned to that box, at the event's device time.
/// </summary>
public sealed class DeliveryButtons(DeliveryStore deliveries, ILogger<DeliveryButtons> logger) : ICommittedBatchSink
{
    public async ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        foreach (var e in batch.NewEvents)
        {
            var handover = e.Name == "handover";
            if ((!handover && e.Name != "pickup") || e.Value is "true" or "false")
            {
                continue;
            }

            if (await deliveries.RecordStepAsync(e.Value, handover, e.DeviceTimeMs, e.BoxId, cancellationToken).ConfigureAwait(false) is null)
            {
                DeliveriesLog.UnknownButtonOrder(logger, e.BoxId, e.Name, e.Value);
            }
        }
    }
}
