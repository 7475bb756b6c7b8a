using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Fleet.Firmware.Protocol;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;
using Fleet.Server.Storage;
using Fleet.Server.Verdicts;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Live;

/// <summary>
/// The dashboard's view of the fleet (IFleetFeed) over the box registry, the alert service, the
/// deliveries and their verdicts, and the reading store. Its events are raised by the
/// <see cref="LiveBroadcaster"/> loop, box changes coalesced, never on the ingestion path.
/// </summary>
public sealed class FleetFeed(
    BoxViews boxes,
    AlertService alerts,
    BoxRegistry registry,
    DeliveryStore deliveries,
    VerdictService verdicts,
    VerdictStore verdictStore,
    IReadingStore readings,
    IOptions<RulesOptions> rules,
    ILogger<FleetFeed> logger) : IFleetFeed
{
    /// <summary>Readings read per channel for a chart before thinning: a day at one reading every 5 s, with room.</summary>
    private const int MaxReadingsPerChannel = 20_000;

    /// <summary>How far before the range a lid opening is looked for, so a lid already open at its start shows.</summary>
    private const long LidLookBackMs = 3_600_000;

    public event Action<BoxView>? BoxChanged;

    public event Action<AlertView>? AlertChanged;

    public IReadOnlyList<BoxView> GetBoxes() => boxes.All();

    public IReadOnlyList<AlertView> GetAlerts(int limit = 200)
    {
        var recent = alerts.Recent(limit);
        var views = new List<AlertView>(recent.Count);
        foreach (var alert in recent)
        {
            views.Add(alert.ToView());
        }

        return views;
    }

    public Task<AlertActionResult> AcknowledgeAlertAsync(long alertId, string by, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, by, note, acknowledge: true, cancellationToken);

    public Task<AlertActionResult> ResolveAlertAsync(long alertId, string by, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, by, note, acknowledge: false, cancellationToken);

    /// <summary>The same rules as the HTTP endpoints: who and note required; only an alert in a state that allows it.</summary>
    private async Task<AlertActionResult> ActAsync(long alertId, string by, string note, bool acknowledge, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(note))
        {
            return AlertActionResult.Refused("Your name and a note are both required.");
        }

        var changed = acknowledge
            ? await alerts.AcknowledgeAsync(alertId, by.Trim(), note.Trim(), cancellationToken).ConfigureAwait(false)
            : await alerts.ResolveByHandAsync(alertId, by.Trim(), note.Trim(), cancellationToken).ConfigureAwait(false);
        if (changed is not null)
        {
            return AlertActionResult.Done(changed.ToView());
        }

        return await alerts.FindAsync(alertId, cancellationToken).ConfigureAwait(false) is { } current
            ? AlertActionResult.Refused($"Alert {alertId} is {current.State} already.")
            : AlertActionResult.Refused($"There is no alert {alertId}.");
    }

    public BoxView? GetBox(string boxId) => boxes.Find(boxId);

    public async Task<IReadOnlyList<DeliveryView>> GetDeliveriesAsync(int limit, CancellationToken cancellationToken = default)
    {
        var recent = await deliveries.RecentAsync(limit, cancellationToken).ConfigureAwait(false);
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

    public async Task<DeliveryDetailView?> GetDeliveryAsync(string orderId, CancellationToken cancellationToken = default)
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

    public async Task<BoxHistoryView> GetBoxHistoryAsync(string boxId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        long fromMs = from.ToUnixTimeMilliseconds(), toMs = to.ToUnixTimeMilliseconds();
        var series = new List<ChannelSeriesView>();
        if (registry.Find(boxId) is { } box)
        {
            foreach (var channel in box.Channels)
            {
                if (channel.Channel == Channels.Ambient)
                {
                    continue;
                }

                var stored = await readings.QueryAsync(boxId, channel.Channel, fromMs, toMs, MaxReadingsPerChannel, cancellationToken).ConfigureAwait(false);
                var points = new List<ChartPoint>(stored.Count);
                foreach (var reading in stored)
                {
                    points.Add(new ChartPoint(DateTimeOffset.FromUnixTimeMilliseconds(reading.DeviceTimeMs), reading.Value));
                }

                var (limit, isMinimum) = LimitOf(channel.Kind);
                series.Add(new ChannelSeriesView(channel.Channel, channel.Kind, limit, isMinimum, SeriesThinning.Thin(points)));
            }
        }

        var lidOpen = await LidOpenAsync(boxId, fromMs, toMs, cancellationToken).ConfigureAwait(false);
        var moments = new List<DeliveryMomentView>();
        foreach (var d in await deliveries.OfBoxBetweenAsync(boxId, fromMs, toMs, cancellationToken).ConfigureAwait(false))
        {
            if (d.PickedUpAt is { } picked && picked >= from && picked <= to)
            {
                moments.Add(new DeliveryMomentView(d.OrderId, DeliveryState.PickedUp, picked));
            }

            if (d.HandedOverAt is { } handed && handed >= from && handed <= to)
            {
                moments.Add(new DeliveryMomentView(d.OrderId, DeliveryState.HandedOver, handed));
            }
        }

        moments.Sort(static (a, b) => a.At.CompareTo(b.At));
        return new BoxHistoryView(boxId, from, to, series, lidOpen, moments);
    }

    /// <summary>Pairs "lid" true with the next false; a lid still open at <paramref name="toMs"/> has no end.</summary>
    private async Task<IReadOnlyList<TimePeriodView>> LidOpenAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        IReadOnlyList<BoxEvent> events;
        try
        {
            events = await readings.QueryEventsAsync(boxId, "lid", fromMs - LidLookBackMs, toMs, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            // A store without event queries: the chart shows the readings without the lid.
            return [];
        }

        var periods = new List<TimePeriodView>();
        long? openedAt = null;
        foreach (var e in events)
        {
            var open = string.Equals(e.Value, "true", StringComparison.OrdinalIgnoreCase);
            if (open && openedAt is null)
            {
                openedAt = e.DeviceTimeMs;
            }
            else if (!open && openedAt is { } start)
            {
                if (e.DeviceTimeMs >= fromMs)
                {
                    periods.Add(new TimePeriodView(At(Math.Max(start, fromMs)), At(e.DeviceTimeMs)));
                }

                openedAt = null;
            }
        }

        if (openedAt is { } stillOpen)
        {
            periods.Add(new TimePeriodView(At(Math.Max(stillOpen, fromMs)), null));
        }

        return periods;
    }

    private (double? Limit, bool IsMinimum) LimitOf(string kind) => kind switch
    {
        CompartmentKinds.Chilled => (rules.Value.Chilled.MaxCelsius, false),
        CompartmentKinds.Frozen => (rules.Value.Frozen.MaxCelsius, false),
        CompartmentKinds.Hot => (rules.Value.Hot.MinCelsius, true),
        _ => (null, false),
    };

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

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    internal void RaiseBoxChanged(BoxView view)
    {
        try
        {
            BoxChanged?.Invoke(view);
        }
        catch (Exception exception)
        {
            LiveLog.SubscriberFailed(logger, exception);
        }
    }

    internal void RaiseAlertChanged(AlertView view)
    {
        try
        {
            AlertChanged?.Invoke(view);
        }
        catch (Exception exception)
        {
            LiveLog.SubscriberFailed(logger, exception);
        }
    }
}
