using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Fleet.Firmware.Protocol;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Live;

/// <summary>
/// A box's history for its page: each compartment's readings (thinned for a chart) against its
/// limit, the lid's open periods, the pickups and hand-overs of its deliveries, its disinfection
/// cycles, its calibration records and the periods of its alerts. Each call reads and thins the
/// window asked for, so a chart zoomed into a few minutes gets every reading of those minutes.
/// </summary>
public sealed class BoxHistories(
    BoxRegistry registry, DeliveryStore deliveries, IReadingStore readings, Disinfections disinfections, BoxProfileStore profiles,
    SqliteAlertStore alerts, IOptions<RulesOptions> rules)
{
    /// <summary>The box's newest alerts looked through for those overlapping the range.</summary>
    private const int MaxAlertsLookedAt = 1_000;

    /// <summary>Readings read at a time for a chart, each page thinned before the next is read.</summary>
    private const int ReadingsPerPage = 20_000;

    /// <summary>How far before the range a lid opening is looked for, so a lid already open at its start shows.</summary>
    private const long LidLookBackMs = 3_600_000;

    public async Task<BoxHistoryView> GetAsync(string boxId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
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

                var points = await SeriesAsync(boxId, channel.Channel, fromMs, toMs, cancellationToken).ConfigureAwait(false);
                var (limit, isMinimum) = LimitOf(channel.Kind);
                series.Add(new ChannelSeriesView(channel.Channel, channel.Kind, limit, isMinimum, points));
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
        var cycles = new List<DisinfectionCycleView>();
        foreach (var (endedMs, counts, what) in await disinfections.CyclesAsync(boxId, fromMs, toMs, cancellationToken).ConfigureAwait(false))
        {
            cycles.Add(new DisinfectionCycleView(At(endedMs), what, counts));
        }

        var calibrations = new List<CalibrationView>();
        foreach (var record in await profiles.CalibrationsAsync(boxId, cancellationToken).ConfigureAwait(false))
        {
            calibrations.Add(new CalibrationView(record.Channel, record.CalibratedOn, record.DueOn));
        }

        return new BoxHistoryView(boxId, from, to, series, lidOpen, moments, cycles, calibrations,
            await AlertPeriodsAsync(boxId, fromMs, toMs, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The box's alerts raised before the range ends and resolved after it starts, or still open; oldest first.</summary>
    private async Task<IReadOnlyList<AlertView>> AlertPeriodsAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var overlapping = new List<AlertView>();
        foreach (var alert in await alerts.QueryAsync(state: null, boxId, MaxAlertsLookedAt, cancellationToken).ConfigureAwait(false))
        {
            if (alert.RaisedAtMs <= toMs && (alert.ResolvedAtMs ?? long.MaxValue) >= fromMs)
            {
                overlapping.Add(alert.ToView());
            }
        }

        overlapping.Sort(static (a, b) => a.RaisedAt.CompareTo(b.RaisedAt));
        return overlapping;
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

    /// <summary>
    /// The channel's readings over the whole window, thinned: read page by page in device-time order,
    /// each page thinned before the next is read, so a month-long window is drawn to its end while
    /// memory stays bounded.
    /// </summary>
    private async Task<IReadOnlyList<ChartPoint>> SeriesAsync(string boxId, string channel, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var thinned = new List<ChartPoint>();
        for (var pageFromMs = fromMs; pageFromMs <= toMs;)
        {
            var page = await readings.QueryAsync(boxId, channel, pageFromMs, toMs, ReadingsPerPage, cancellationToken).ConfigureAwait(false);
            var points = new List<ChartPoint>(page.Count);
            foreach (var reading in page)
            {
                points.Add(new ChartPoint(DateTimeOffset.FromUnixTimeMilliseconds(reading.DeviceTimeMs), reading.Value));
            }

            thinned.AddRange(SeriesThinning.Thin(points));
            if (page.Count < ReadingsPerPage)
            {
                break;
            }

            pageFromMs = page[^1].DeviceTimeMs + 1;
        }

        return SeriesThinning.Thin(thinned);
    }

    private (double? Limit, bool IsMinimum) LimitOf(string kind) => kind switch
    {
        CompartmentKinds.Chilled => (rules.Value.Chilled.MaxCelsius, false),
        CompartmentKinds.Frozen => (rules.Value.Frozen.MaxCelsius, false),
        CompartmentKinds.Hot => (rules.Value.Hot.MinCelsius, true),
        _ => (null, false),
    };

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
