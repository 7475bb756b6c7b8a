using Fleet.Server.Deliveries;

namespace Fleet.Server.Verdicts;

/// <summary>
/// Computes verdicts off the commit path: for each delivery handed over, and again for each
/// handed-over delivery whose box and pickup-to-hand-over window newly committed records fall in.
/// Each box's latest hand-over is kept in memory (reloaded after any delivery change), so records
/// newer than it, the live ones, cost no query.
/// </summary>
public sealed class VerdictWorker(VerdictQueue queue, DeliveryStore deliveries, VerdictStore store, VerdictService verdicts, ILogger<VerdictWorker> logger) : BackgroundService
{
    private Dictionary<string, long> _latestHandOvers = [];
    private volatile bool _deliveriesChanged = true;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        deliveries.HandedOver += OnHandedOver;
        deliveries.Changed += OnChanged;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        deliveries.HandedOver -= OnHandedOver;
        deliveries.Changed -= OnChanged;
        return base.StopAsync(cancellationToken);
    }

    private void OnHandedOver(Delivery delivery) => queue.HandedOver(delivery.OrderId);

    private void OnChanged(string orderId) => _deliveriesChanged = true;

    /// <summary>Whether a delivery of the box may have been under way at or after <paramref name="fromMs"/>, having been handed over.</summary>
    private async Task<bool> MayOverlapAsync(string boxId, long fromMs, CancellationToken cancellationToken)
    {
        if (_deliveriesChanged)
        {
            // Cleared first: a change during the reload marks it again.
            _deliveriesChanged = false;
            _latestHandOvers = await store.LatestHandOversAsync(cancellationToken).ConfigureAwait(false);
        }

        return _latestHandOvers.TryGetValue(boxId, out var latest) && latest >= fromMs;
    }

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
                        if (!await MayOverlapAsync(boxId, from, stoppingToken).ConfigureAwait(false))
                        {
                            continue;
                        }

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
