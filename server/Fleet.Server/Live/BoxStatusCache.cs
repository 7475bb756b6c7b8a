using System.Collections.Concurrent;
using System.Threading.Channels;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;

namespace Fleet.Server.Live;

/// <summary>
/// What the fleet page shows of each box besides its readings: the end of its last counted
/// disinfection and the order it carries. Kept in memory, filled once at start and kept current by
/// the stores' events, so building a box's view never queries the database. One loop applies the
/// changes in order; readers see a consistent value per box.
/// </summary>
public sealed class BoxStatusCache : BackgroundService
{
    private readonly Disinfections disinfections;
    private readonly BoxProfileStore profiles;
    private readonly DeliveryStore deliveries;
    private readonly BoxRegistry registry;
    private readonly TimeProvider time;
    private readonly ILogger<BoxStatusCache> logger;

    // Box id → device time (ms) its last counted disinfection ended, null for none; only boxes with a profile.
    private readonly ConcurrentDictionary<string, long?> lastDisinfected = new(StringComparer.Ordinal);

    // Box id → the order it carries; and back, owned by the loop.
    private readonly ConcurrentDictionary<string, string> carrying = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> boxOfOrder = new(StringComparer.Ordinal);

    private readonly Channel<Work> work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });

    public BoxStatusCache(Disinfections disinfections, BoxProfileStore profiles, DeliveryStore deliveries, BoxRegistry registry, DisinfectionReports reports, TimeProvider time, ILogger<BoxStatusCache> logger)
    {
        (this.disinfections, this.profiles, this.deliveries, this.registry, this.time, this.logger) =
            (disinfections, profiles, deliveries, registry, time, logger);
        reports.Reported += boxId => work.Writer.TryWrite(new Work(WorkKind.Report, boxId));
        profiles.Saved += profile => work.Writer.TryWrite(new Work(WorkKind.Disinfection, profile.BoxId));
        deliveries.Changed += orderId => work.Writer.TryWrite(new Work(WorkKind.Delivery, orderId));
    }

    /// <summary>Raised with the box id when its disinfection or carried order changes.</summary>
    public event Action<string>? Changed;

    /// <summary>The maximum age of a disinfection that keeps a box fit (Disinfection:MaxAgeHours).</summary>
    public TimeSpan MaxAge => TimeSpan.FromHours(disinfections.Options.MaxAgeHours);

    /// <summary>Whether the box has a profile, so its disinfection is tracked; and if so, when its last counted one ended (device time).</summary>
    public bool TryGetLastDisinfected(string boxId, out DateTimeOffset? endedAt)
    {
        if (lastDisinfected.TryGetValue(boxId, out var ms))
        {
            endedAt = ms is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null;
            return true;
        }

        endedAt = null;
        return false;
    }

    /// <summary>The order the box carries (picked up, not handed over), or null.</summary>
    public string? CarryingOrder(string boxId) => carrying.GetValueOrDefault(boxId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await FillAsync(stoppingToken).ConfigureAwait(false);
            await foreach (var item in work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    if (item.Kind == WorkKind.Disinfection || (item.Kind == WorkKind.Report && lastDisinfected.ContainsKey(item.Id)))
                    {
                        await RecomputeDisinfectionAsync(item.Id, stoppingToken).ConfigureAwait(false);
                    }
                    else if (item.Kind == WorkKind.Delivery)
                    {
                        await ReloadDeliveryAsync(item.Id, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LiveLog.StatusRefreshFailed(logger, item.Id, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        foreach (var boxId in await profiles.BoxIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            await RecomputeDisinfectionAsync(boxId, cancellationToken).ConfigureAwait(false);
        }

        foreach (var delivery in await deliveries.UnderWayAsync(long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            Apply(delivery);
        }
    }

    private async Task RecomputeDisinfectionAsync(string boxId, CancellationToken cancellationToken)
    {
        // Disinfections are on the box's clock, as the rules judge them.
        var deviceNowMs = time.GetUtcNow().ToUnixTimeMilliseconds() + DeliveryWatch.Skew(registry.Find(boxId));
        var last = await disinfections.LastCompletedAsync(boxId, deviceNowMs, cancellationToken).ConfigureAwait(false);
        if (!lastDisinfected.TryGetValue(boxId, out var before) || before != last)
        {
            lastDisinfected[boxId] = last;
            Changed?.Invoke(boxId);
        }
    }

    private async Task ReloadDeliveryAsync(string orderId, CancellationToken cancellationToken)
    {
        if (await deliveries.FindAsync(orderId, cancellationToken).ConfigureAwait(false) is { } delivery)
        {
            Apply(delivery);
        }
    }

    private void Apply(Delivery delivery)
    {
        var carried = delivery is { BoxId: not null, PickedUpAt: not null, HandedOverAt: null } ? delivery.BoxId : null;
        if (boxOfOrder.TryGetValue(delivery.OrderId, out var before) && before != carried)
        {
            boxOfOrder.Remove(delivery.OrderId);
            if (carrying.TryRemove(new KeyValuePair<string, string>(before, delivery.OrderId)))
            {
                Changed?.Invoke(before);
            }
        }

        if (carried is not null && before != carried)
        {
            boxOfOrder[delivery.OrderId] = carried;
            carrying[carried] = delivery.OrderId;
            Changed?.Invoke(carried);
        }
    }

    private enum WorkKind
    {
        /// <summary>A profile was saved: track the box and recompute its disinfection.</summary>
        Disinfection,

        /// <summary>The box reported a disinfection or UV-C event: recompute it if the box is tracked.</summary>
        Report,

        /// <summary>A delivery changed: reload it.</summary>
        Delivery,
    }

    private readonly record struct Work(WorkKind Kind, string Id);
}
