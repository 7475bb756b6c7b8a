using Fleet.Server.Deliveries;

namespace Fleet.Server.Verdicts;

/// <summary>
/// Computes verdicts off the commit path: for each delivery handed over, and again for each
/// handed-over delivery whose box and pickup-to-hand-over window newly committed records fall in.
/// </summary>
public sealed class VerdictWorker(VerdictQueue queue, DeliveryStore deliveries, VerdictStore store, VerdictService verdicts, ILogger<VerdictWorker> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        deliveries.HandedOver += OnHandedOver;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        deliveries.HandedOver -= OnHandedOver;
        return base.StopAsync(cancellationToken);
    }

    private void OnHandedOver(Delivery delivery) => queue.HandedOver(delivery.OrderId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Signal.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                queue.Signal.TryRead(out _);
                var (orders, ranges) = queue.Take();
                try
                {
                    foreach (var (boxId, (from, to)) in ranges)
                    {
                        orders.UnionWith(await store.HandedOverOverlappingAsync(boxId, from, to, stoppingToken).ConfigureAwait(false));
                    }

                    foreach (var orderId in orders)
                    {
                        await verdicts.RecomputeAsync(orderId, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    VerdictsLog.Failed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
