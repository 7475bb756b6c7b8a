using Fleet.Server.Evidence;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Storage.Chain;

/// <summary>
/// The readings retention: with Evidence:ReadingRetentionMonths set, every Evidence:PurgeEveryMinutes
/// it removes the links (and their readings and events) older than that, through <see cref="ChainPurge"/>,
/// so the chain that remains still verifies from its recorded anchor.
/// </summary>
public sealed class ChainRetention(ChainPurge purge, TimeProvider time, IOptions<EvidenceOptions> options, ILogger<ChainRetention> logger) : BackgroundService
{
    public async Task<IReadOnlyList<ChainAnchor>> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddMonths(-options.Value.ReadingRetentionMonths).ToUnixTimeMilliseconds();
        var anchors = await purge.PurgeBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        foreach (var anchor in anchors)
        {
            ChainLog.Purged(logger, anchor.BoxId, anchor.PurgedLinks, anchor.Seq, anchor.AnchorHash);
        }

        return anchors;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ReadingRetentionMonths == 0)
        {
            return;
        }

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
                    ChainLog.PurgeFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
