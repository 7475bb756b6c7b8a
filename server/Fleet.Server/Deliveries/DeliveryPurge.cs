using Microsoft.Extensions.Options;

namespace Fleet.Server.Deliveries;

/// <summary>Removes order records past their retention, and only those (R6), every Deliveries:PurgeEveryMinutes.</summary>
public sealed class DeliveryPurge(DeliveryStore deliveries, TimeProvider time, IOptions<DeliveriesOptions> options, ILogger<DeliveryPurge> logger) : BackgroundService
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var purged = await deliveries.PurgeAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            DeliveriesLog.Purged(logger, purged);
        }

        return purged;
    }

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
