using Fleet.Server.Audit;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Deliveries;

/// <summary>Removes order records past their retention, and only those (R6), every Deliveries:PurgeEveryMinutes.</summary>
/// <remarks>
/// Each purged order is recorded in the audit trail (retention.purged, by system) with what
/// identifies it and why it could go, not with its personal data (address, items): the purge is
/// there to let those go.
/// </remarks>
public sealed class DeliveryPurge(DeliveryStore deliveries, AuditTrail audit, TimeProvider time, IOptions<DeliveriesOptions> options, ILogger<DeliveryPurge> logger) : BackgroundService
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var purged = await deliveries.PurgeAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), audit, Describe, cancellationToken).ConfigureAwait(false);
        if (purged.Count > 0)
        {
            DeliveriesLog.Purged(logger, purged.Count);
        }

        return purged.Count;
    }

    private static AuditEntry Describe(Delivery delivery) => AuditEntry.Change(
        AuditActions.RetentionPurged,
        AuditActor.System,
        new AuditTarget(AuditTarget.Delivery, delivery.OrderId),
        new { delivery.OrderId, delivery.Merchant, delivery.OrderedAt, delivery.HandedOverAt, delivery.RetainUntil },
        null,
        delivery.Platform,
        delivery.MerchantRegion);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.PurgeEveryMinutes), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await PurgeAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    DeliveriesLog.PurgeFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
