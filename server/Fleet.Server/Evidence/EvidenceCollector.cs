using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;
using Fleet.Server.Storage.Chain;
using Fleet.Server.Verdicts;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Evidence;

/// <summary>Gathers the records, chain links, alerts, deliveries, verdicts, device details and rules of a bundle.</summary>
public sealed class EvidenceCollector(
    DeliveryStore deliveries,
    VerdictStore verdicts,
    SqliteAlertStore alerts,
    BoxRegistry registry,
    BoxProfileStore profiles,
    ChainStore chain,
    ChainVerifier verifier,
    IChainRecordReader records,
    EvidenceQueries queries,
    CompartmentRules rules,
    IOptions<WatchOptions> watch,
    IOptions<VerdictOptions> verdictOptions,
    TimeProvider time)
{
    private const int MaxAlertsPerBox = 10_000;
    private const int MaxMerchantOrders = 5_000;

    /// <summary>The delivery's order record and its box from pickup (or assignment) to hand-over (or now); null when unknown.</summary>
    public async Task<DeliveryEvidence?> DeliveryAsync(string orderId, CancellationToken cancellationToken)
    {
        if (await deliveries.FindAsync(orderId, cancellationToken).ConfigureAwait(false) is not { } delivery)
        {
            return null;
        }

        var verdict = await verdicts.FindAsync(orderId, cancellationToken).ConfigureAwait(false);
        return new DeliveryEvidence(delivery, verdict, delivery.Platform, delivery.MerchantRegion);
    }

    public Task<EvidenceSet> ForDeliveryAsync(DeliveryEvidence delivery, string? user, CancellationToken cancellationToken)
    {
        var (from, to) = WindowOf(delivery.Delivery);
        return CollectAsync("delivery", delivery.Delivery.OrderId, $"Delivery {delivery.Delivery.OrderId}", from, to, user, [delivery], null, cancellationToken);
    }

    public Task<EvidenceSet> ForBoxAsync(string boxId, DateTimeOffset from, DateTimeOffset to, string? user, CancellationToken cancellationToken) =>
        CollectAsync("box", boxId, $"Box {boxId}", from, to, user, [], boxId, cancellationToken);

    /// <summary>The merchant's orders in the period, each with its box during the delivery.</summary>
    /// <param name="only">When given, only these of its orders.</param>
    public async Task<EvidenceSet> ForMerchantAsync(string merchant, DateTimeOffset from, DateTimeOffset to, string? user, CancellationToken cancellationToken, IReadOnlySet<string>? only = null)
    {
        var found = new List<DeliveryEvidence>();
        foreach (var orderId in await queries.MerchantOrdersAsync(merchant, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), MaxMerchantOrders, cancellationToken).ConfigureAwait(false))
        {
            if ((only is null || only.Contains(orderId)) && await DeliveryAsync(orderId, cancellationToken).ConfigureAwait(false) is { } delivery)
            {
                found.Add(delivery);
            }
        }

        return await CollectAsync("merchant", merchant, $"Merchant {merchant}", from, to, user, found, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The evidence around one alert: its box from two hours before it was raised until it was resolved (or now).</summary>
    public async Task<EvidenceSet> ForAlertAsync(Alert alert, string? user, CancellationToken cancellationToken)
    {
        var from = DateTimeOffset.FromUnixTimeMilliseconds(alert.RaisedAtMs).AddHours(-2);
        var to = alert.ResolvedAtMs is { } resolved ? DateTimeOffset.FromUnixTimeMilliseconds(resolved).AddMinutes(10) : time.GetUtcNow();
        var found = new List<DeliveryEvidence>();
        foreach (var delivery in await deliveries.OfBoxBetweenAsync(alert.BoxId, alert.RaisedAtMs - 1, alert.ResolvedAtMs ?? to.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            if (await DeliveryAsync(delivery.OrderId, cancellationToken).ConfigureAwait(false) is { } evidence)
            {
                found.Add(evidence);
            }
        }

        return await CollectAsync("violation", alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Alert {alert.Id}: {alert.Rule}", from, to, user, found, alert.BoxId, cancellationToken).ConfigureAwait(false);
    }

    public (DateTimeOffset From, DateTimeOffset To) WindowOf(Delivery delivery) =>
        (delivery.PickedUpAt ?? delivery.AssignedAt ?? delivery.OrderedAt, delivery.HandedOverAt ?? time.GetUtcNow());

    private async Task<EvidenceSet> CollectAsync(
        string kind, string subject, string title, DateTimeOffset from, DateTimeOffset to, string? user,
        IReadOnlyList<DeliveryEvidence> found, string? boxId, CancellationToken cancellationToken)
    {
        // Each box's windows: the whole period for a box bundle, each delivery's own trip otherwise.
        var windows = new SortedDictionary<string, List<(long From, long To)>>(StringComparer.Ordinal);
        if (boxId is not null)
        {
            windows[boxId] = [(from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds())];
        }

        foreach (var delivery in found)
        {
            if (delivery.Delivery.BoxId is { } box && boxId is null)
            {
                var (start, end) = WindowOf(delivery.Delivery);
                (windows.TryGetValue(box, out var list) ? list : windows[box] = []).Add((start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds()));
            }
        }

        var boxes = new List<BoxEvidence>();
        var boxAlerts = new List<Alert>();
        foreach (var (box, spans) in windows)
        {
            boxes.Add(await BoxAsync(box, spans, cancellationToken).ConfigureAwait(false));
            foreach (var alert in await alerts.QueryAsync(null, box, MaxAlertsPerBox, cancellationToken).ConfigureAwait(false))
            {
                var end = alert.ResolvedAtMs ?? long.MaxValue;
                if (spans.Exists(s => alert.RaisedAtMs <= s.To && end >= s.From))
                {
                    boxAlerts.Add(alert);
                }
            }
        }

        boxAlerts.Sort(static (a, b) => a.RaisedAtMs.CompareTo(b.RaisedAtMs));
        return new EvidenceSet(kind, subject, title, from, to, time.GetUtcNow(), user, boxes, found, boxAlerts, rules.InForce, watch.Value, verdictOptions.Value);
    }

    private async Task<BoxEvidence> BoxAsync(string boxId, List<(long From, long To)> spans, CancellationToken cancellationToken)
    {
        var readings = new Dictionary<(string, long), LinkedReading>();
        var events = new Dictionary<(string, long), LinkedEvent>();
        var links = new SortedDictionary<long, ChainLink>();
        foreach (var (from, to) in spans)
        {
            var stored = await records.InWindowAsync(boxId, from, to, cancellationToken).ConfigureAwait(false);
            foreach (var r in stored.Readings)
            {
                readings[(r.Reading.Channel, r.Reading.DeviceTimeMs)] = r;
            }

            foreach (var e in stored.Events)
            {
                events[(e.Event.Name, e.Event.DeviceTimeMs)] = e;
            }

            foreach (var link in await chain.CoveringAsync(boxId, from, to, cancellationToken).ConfigureAwait(false))
            {
                links[link.Seq] = link;
            }
        }

        // Every link from the first to the last of those, and every record of them even outside the
        // window, so each link can be recomputed from the bundle alone.
        if (links.Count > 0)
        {
            foreach (var link in await chain.LinksAsync(boxId, links.First().Key, links.Last().Key, int.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                links[link.Seq] = link;
            }

            var linked = await records.ByLinksAsync(boxId, links.First().Key, links.Last().Key, links.Values.Min(l => l.FirstDeviceTimeMs), links.Values.Max(l => l.LastDeviceTimeMs), cancellationToken).ConfigureAwait(false);
            foreach (var r in linked.Readings)
            {
                readings[(r.Reading.Channel, r.Reading.DeviceTimeMs)] = r;
            }

            foreach (var e in linked.Events)
            {
                events[(e.Event.Name, e.Event.DeviceTimeMs)] = e;
            }
        }

        var orderedReadings = readings.Values.OrderBy(r => r.Reading.Channel, StringComparer.Ordinal).ThenBy(r => r.Reading.DeviceTimeMs).ToList();
        var orderedEvents = events.Values.OrderBy(e => e.Event.Name, StringComparer.Ordinal).ThenBy(e => e.Event.DeviceTimeMs).ToList();
        var verification = links.Count == 0
            ? null
            : await verifier.VerifyAsync(boxId, links.First().Key, links.Last().Key, cancellationToken).ConfigureAwait(false);
        var device = registry.Find(boxId);
        var gaps = EvidenceGaps.Find(boxId, spans, orderedReadings, device, verdictOptions.Value, verification);
        return new BoxEvidence(
            boxId,
            spans.Min(s => s.From),
            spans.Max(s => s.To),
            new LinkedRecords(orderedReadings, orderedEvents),
            [.. links.Values],
            verification,
            await chain.HeadAsync(boxId, cancellationToken).ConfigureAwait(false),
            device,
            await profiles.FindAsync(boxId, cancellationToken).ConfigureAwait(false),
            await profiles.CalibrationsAsync(boxId, cancellationToken).ConfigureAwait(false),
            gaps);
    }
}
