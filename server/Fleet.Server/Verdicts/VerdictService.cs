using Fleet.Server.Deliveries;

namespace Fleet.Server.Verdicts;

/// <summary>Computes a delivery's verdict and stores it as the next revision, one computation at a time.</summary>
public sealed class VerdictService(DeliveryStore deliveries, VerdictCalculator calculator, VerdictStore store, ILogger<VerdictService> logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>The stored verdict; computed now when the delivery is handed over but has none yet. Null before hand-over.</summary>
    public async Task<DeliveryVerdict?> GetAsync(string orderId, CancellationToken cancellationToken) =>
        await store.FindAsync(orderId, cancellationToken).ConfigureAwait(false)
        ?? await RecomputeAsync(orderId, cancellationToken).ConfigureAwait(false);

    public async Task<DeliveryVerdict?> RecomputeAsync(string orderId, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await deliveries.FindAsync(orderId, cancellationToken).ConfigureAwait(false) is not { } delivery)
            {
                return null;
            }

            var previous = await store.FindAsync(orderId, cancellationToken).ConfigureAwait(false);
            if (await calculator.ComputeAsync(delivery, (previous?.Revision ?? 0) + 1, cancellationToken).ConfigureAwait(false) is not { } verdict)
            {
                return null;
            }

            await store.SaveAsync(verdict, cancellationToken).ConfigureAwait(false);
            VerdictsLog.Computed(logger, orderId, verdict.Revision, verdict.Compliant ? "compliant" : string.Join("; ", verdict.Reasons));
            return verdict;
        }
        finally
        {
            _one.Release();
        }
    }
}
