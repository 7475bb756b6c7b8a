using System.Globalization;
using Fleet.Firmware.Protocol;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Couriers;
using Fleet.Server.Deliveries;
using Fleet.Server.Platform;
using Fleet.Server.Storage;
using Fleet.Server.Verdicts;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>
/// The rules of a delivery under way: late delivery, danger zone, evidence gap, lid left open with
/// cold food inside, courier not fit, food kept beyond its category's tighter limits. Run by <see cref="FleetWatch"/> on the server's clock, because each of them can
/// become true while nothing arrives from the box.
/// </summary>
public sealed class DeliveryWatch(
    UsedCompartments used,
    BoxRegistry registry,
    IReadingStore store,
    CourierStore couriers,
    PlatformCalendar calendar,
    CompartmentRules rules,
    IOptions<WatchOptions> options,
    IOptions<VerdictOptions> verdictOptions,
    IOptions<RulesOptions> rulesOptions)
{
    private readonly WatchOptions _options = options.Value;
    private readonly VerdictOptions _limits = verdictOptions.Value;

    public async Task CheckAsync(Delivery delivery, long nowMs, WatchFindings findings, CancellationToken cancellationToken)
    {
        if (delivery.BoxId is not { } boxId)
        {
            return;
        }

        var handedOverMs = delivery.HandedOverAt?.ToUnixTimeMilliseconds();
        Late(delivery, boxId, nowMs, handedOverMs, findings);
        var box = registry.Find(boxId);
        var compartments = await used.FindAsync(delivery, boxId, cancellationToken).ConfigureAwait(false);
        DangerZone(delivery, boxId, box, compartments, nowMs, handedOverMs, findings);
        if (delivery.PickedUpAt is { } pickedUp)
        {
            EvidenceGap(boxId, box, compartments, pickedUp.ToUnixTimeMilliseconds(), nowMs, handedOverMs, findings);
            await FoodLimitsAsync(delivery, boxId, compartments, pickedUp.ToUnixTimeMilliseconds(), nowMs + Skew(box), handedOverMs, findings, cancellationToken).ConfigureAwait(false);
        }

        if (CarriesColdFood(delivery) && (delivery.PickedUpAt ?? delivery.AssignedAt) is { } from)
        {
            await LidAsync(delivery, boxId, from.ToUnixTimeMilliseconds(), handedOverMs ?? nowMs + Skew(box), handedOverMs is not null, findings, cancellationToken).ConfigureAwait(false);
        }

        await CourierFitnessAsync(delivery, boxId, nowMs, handedOverMs, findings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Food whose category sets limits tighter than its compartment's (Rules:Categories) is held to
    /// them from pickup: beyond them for longer than the grace time, cumulatively on device time, as
    /// the verdict will judge it. A compartment without tighter limits is the compartment rule's.
    /// </summary>
    private async Task FoodLimitsAsync(Delivery delivery, string boxId, List<(string Channel, string Kind)> compartments, long pickedUpMs, long deviceNowMs, long? handedOverMs, WatchFindings findings, CancellationToken cancellationToken)
    {
        foreach (var (channel, kind) in compartments)
        {
            if (rules.For(boxId, channel, kind) is not { } own || rules.ForFood(own, delivery) is var food && ReferenceEquals(food, own))
            {
                continue;
            }

            if (handedOverMs is { } handedOver)
            {
                findings.Clear(WatchCodes.FoodBeyondLimit, boxId, channel, handedOver, $"order {delivery.OrderId} handed over", delivery.OrderId);
                continue;
            }

            var readings = await store.QueryAsync(boxId, channel, pickedUpMs, deviceNowMs, int.MaxValue, cancellationToken).ConfigureAwait(false);
            // The latest reading stands until the next one; a silence is the evidence-gap rule's.
            var toMs = readings.Count > 0 ? readings[^1].DeviceTimeMs : deviceNowMs;
            if (food.GraceExceededAtMs(readings, toMs) is { } exceededAt)
            {
                findings.Holding.Add(new NewAlert(WatchCodes.FoodBeyondLimit, Severities.Critical, boxId, channel, exceededAt, false, null,
                    string.Create(CultureInfo.InvariantCulture, $"order {delivery.OrderId}: {channel} ({kind}) kept its food beyond {food.Limit} °C for {food.BeyondMs(readings, toMs) / 60_000.0:0.#} min since pickup, more than the {food.Options.GraceMinutes:0.#} min its food category allows (R2)"),
                    delivery.OrderId));
            }
        }
    }

    /// <summary>
    /// The courier carrying the food must hold a valid health certificate and have passed the health
    /// check of the platform's day (R7). Checked at assignment too, but a certificate expires and a
    /// day turns while food is on the way, and a failed check may be recorded after the pickup.
    /// </summary>
    private async Task CourierFitnessAsync(Delivery delivery, string boxId, long nowMs, long? handedOverMs, WatchFindings findings, CancellationToken cancellationToken)
    {
        if (delivery.CourierId is not { } courierId)
        {
            return;
        }

        if (handedOverMs is { } handedOver)
        {
            findings.Clear(WatchCodes.CourierNotFit, boxId, null, handedOver, $"order {delivery.OrderId} handed over", delivery.OrderId);
            return;
        }

        var today = calendar.DayOf(DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
        var courier = await couriers.FindAsync(courierId, today, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> reasons = courier is null ? [$"courier {courierId} is not in the registry (R7)"] : courier.Unfitness(today);
        if (reasons.Count > 0)
        {
            findings.Holding.Add(new NewAlert(WatchCodes.CourierNotFit, Severities.Critical, boxId, null, nowMs, false, null,
                $"order {delivery.OrderId} is carried by a courier not fit to carry food: {string.Join("; ", reasons)}", delivery.OrderId));
        }
        else
        {
            findings.Clear(WatchCodes.CourierNotFit, boxId, null, nowMs, $"courier {courierId} is fit for {today:yyyy-MM-dd}", delivery.OrderId);
        }
    }

    /// <summary>
    /// Warned at the configured fraction of the promise (order to promised time), alerted once past
    /// it. While under way this runs on the server's clock: the promise comes from the platform's
    /// clock, and the box may say nothing for minutes. Once handed over, the hand-over's own time
    /// decides (the box's device time when pressed on the box), so a hand-over replayed late is judged
    /// where it happened and, if it was late, recorded as a late alert already resolved.
    /// </summary>
    private void Late(Delivery delivery, string boxId, long nowMs, long? handedOverMs, WatchFindings findings)
    {
        var orderedMs = delivery.OrderedAt.ToUnixTimeMilliseconds();
        var promisedMs = delivery.PromisedAt.ToUnixTimeMilliseconds();
        var warnAtMs = orderedMs + (long)(_options.LateWarnFraction * (promisedMs - orderedMs));
        var order = delivery.OrderId;
        if (handedOverMs is not { } handedOver)
        {
            if (nowMs > promisedMs)
            {
                findings.Holding.Add(new NewAlert(WatchCodes.Late, Severities.Critical, boxId, null, promisedMs, false, null,
                    $"order {order} is not handed over by its promised time {delivery.PromisedAt:HH:mm:ss} (R5)", order));
                findings.Clear(WatchCodes.LateWarning, boxId, null, promisedMs, $"order {order} is now late", order);
            }
            else if (nowMs >= warnAtMs)
            {
                findings.Holding.Add(new NewAlert(WatchCodes.LateWarning, Severities.Warning, boxId, null, warnAtMs, false, null,
                    $"order {order} has used {_options.LateWarnFraction:P0} of its promise and is not handed over; promised by {delivery.PromisedAt:HH:mm:ss} (R5)", order));
            }

            return;
        }

        var message = $"order {order} handed over at {DateTimeOffset.FromUnixTimeMilliseconds(handedOver):HH:mm:ss}";
        findings.Clear(WatchCodes.LateWarning, boxId, null, handedOver, message, order);
        findings.Clear(WatchCodes.Late, boxId, null, handedOver, message, order);
        if (handedOver > promisedMs)
        {
            findings.Over.Add((new NewAlert(WatchCodes.Late, Severities.Critical, boxId, null, promisedMs, true, null,
                $"order {order} was handed over after its promised time {delivery.PromisedAt:HH:mm:ss} (R5)", order), handedOver, message + ", late"));
        }
    }

    /// <summary>
    /// Food between 8 and 60 °C (the chilled maximum and the hot minimum) more than 2 h after its
    /// processing; hot food held at 60 °C or above has 4 h. Whether food is in the zone is judged from
    /// its compartments' latest readings: ambient food always, hot food when a hot compartment is
    /// below 60 °C, cold food when its compartment is above 8 °C.
    /// </summary>
    private void DangerZone(Delivery delivery, string boxId, BoxSnapshot? box, List<(string Channel, string Kind)> compartments, long nowMs, long? handedOverMs, WatchFindings findings)
    {
        if (handedOverMs is { } handedOver)
        {
            findings.Clear(WatchCodes.DangerZone, boxId, null, handedOver, $"order {delivery.OrderId} handed over", delivery.OrderId);
            return;
        }

        var low = rulesOptions.Value.Chilled.MaxCelsius ?? 8;
        var high = rulesOptions.Value.Hot.MinCelsius ?? 60;
        var hotHeld = true;
        var coldWarm = false;
        foreach (var (channel, kind) in compartments)
        {
            var value = LatestValue(box, channel);
            hotHeld &= kind != CompartmentKinds.Hot || value >= high;
            coldWarm |= kind is CompartmentKinds.Chilled or CompartmentKinds.Frozen && value > low;
        }

        double? limitHours = null;
        foreach (var item in delivery.Items)
        {
            double? hours = item.Category switch
            {
                FoodCategories.Ambient => _limits.DangerZoneHours,
                FoodCategories.Hot => hotHeld && HasKind(compartments, CompartmentKinds.Hot) ? _limits.HotHeldHours : _limits.DangerZoneHours,
                _ => coldWarm ? _limits.DangerZoneHours : null,
            };
            if (hours < (limitHours ?? double.MaxValue))
            {
                limitHours = hours;
            }
        }

        if (limitHours is not { } limit)
        {
            return;
        }

        var deadline = delivery.ProcessedAt.ToUnixTimeMilliseconds() + (long)(limit * 3_600_000);
        if (nowMs > deadline)
        {
            findings.Holding.Add(new NewAlert(WatchCodes.DangerZone, Severities.Critical, boxId, null, deadline, false, null,
                string.Create(CultureInfo.InvariantCulture, $"order {delivery.OrderId}: food between {low} and {high} °C for more than {limit} h since its processing at {delivery.ProcessedAt:HH:mm:ss} (R5)"), delivery.OrderId));
        }
    }

    /// <summary>
    /// No reading of a compartment in use for more than the allowed sampling intervals. Judged on
    /// when readings reached the server, since the question is whether evidence is arriving now; the
    /// verdict later judges the stored readings on device time, late ones included.
    /// </summary>
    private void EvidenceGap(string boxId, BoxSnapshot? box, List<(string Channel, string Kind)> compartments, long pickedUpMs, long nowMs, long? handedOverMs, WatchFindings findings)
    {
        var limitMs = (long)(_limits.GapIntervals * (box?.IntervalSeconds ?? _limits.DefaultIntervalSeconds) * 1000);
        foreach (var (channel, _) in compartments)
        {
            var latest = Latest(box, channel);
            if (handedOverMs is { } handedOver)
            {
                findings.Clear(WatchCodes.EvidenceGap, boxId, channel, handedOver, "delivery handed over");
                continue;
            }

            var reference = Math.Max(latest?.ReceivedAtMs ?? 0, pickedUpMs);
            if (nowMs - reference > limitMs)
            {
                findings.Holding.Add(new NewAlert(WatchCodes.EvidenceGap, Severities.Warning, boxId, channel, reference + limitMs, false, null,
                    string.Create(CultureInfo.InvariantCulture, $"no reading of {channel} for more than {_limits.GapIntervals} sampling intervals during a delivery (R11)")));
            }
            else
            {
                findings.Clear(WatchCodes.EvidenceGap, boxId, channel, latest?.DeviceTimeMs ?? nowMs, $"readings of {channel} arrive again");
            }
        }
    }

    /// <summary>
    /// Lid open ("lid" true) longer than the limit, with chilled or frozen food inside, on device time;
    /// a lid still open is measured to the box's present device time (the server's clock corrected by
    /// the box's clock offset seen in its latest reading). An opening found already closed, for
    /// instance in a replayed backlog, is recorded as a late alert already resolved.
    /// </summary>
    private async Task LidAsync(Delivery delivery, string boxId, long fromMs, long toMs, bool over, WatchFindings findings, CancellationToken cancellationToken)
    {
        var limitMs = (long)(_options.LidOpenSeconds * 1000);
        // The lid may have been opened before the delivery started; only the time with the food inside counts.
        // Under way, a close the box stamped after the estimated present (clock drift, latency) still counts.
        var events = await store.QueryEventsAsync(boxId, "lid", fromMs - 3_600_000, over ? toMs : toMs + 3_600_000, cancellationToken).ConfigureAwait(false);
        long? openedMs = null;
        foreach (var e in events)
        {
            if (e.Value == "true" && e.DeviceTimeMs <= toMs)
            {
                openedMs ??= e.DeviceTimeMs;
            }
            else if (e.Value == "false" && openedMs is { } opened)
            {
                OpenSpell(delivery, boxId, Math.Max(opened, fromMs), e.DeviceTimeMs, limitMs, closed: true, findings);
                openedMs = null;
            }
        }

        if (openedMs is { } stillOpen)
        {
            OpenSpell(delivery, boxId, Math.Max(stillOpen, fromMs), toMs, limitMs, closed: over, findings);
        }
    }

    private static void OpenSpell(Delivery delivery, string boxId, long startMs, long endMs, long limitMs, bool closed, WatchFindings findings)
    {
        var message = $"lid of box {boxId} open for more than {limitMs / 1000} s with the chilled or frozen food of order {delivery.OrderId} inside";
        if (!closed)
        {
            if (endMs - startMs > limitMs)
            {
                findings.Holding.Add(new NewAlert(WatchCodes.LidOpen, Severities.Critical, boxId, null, startMs + limitMs, false, null, message, delivery.OrderId));
            }

            return;
        }

        var closedMessage = $"lid closed at {DateTimeOffset.FromUnixTimeMilliseconds(endMs):HH:mm:ss} after {(endMs - startMs) / 1000} s";
        findings.Clear(WatchCodes.LidOpen, boxId, null, endMs, closedMessage, delivery.OrderId);
        if (endMs - startMs > limitMs)
        {
            findings.Over.Add((new NewAlert(WatchCodes.LidOpen, Severities.Critical, boxId, null, startMs + limitMs, true, null, message, delivery.OrderId), endMs, closedMessage));
        }
    }

    private static bool CarriesColdFood(Delivery delivery)
    {
        foreach (var item in delivery.Items)
        {
            if (item.Category is FoodCategories.Chilled or FoodCategories.Frozen or FoodCategories.RawOrCold)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasKind(List<(string Channel, string Kind)> compartments, string kind)
    {
        foreach (var (_, k) in compartments)
        {
            if (k == kind)
            {
                return true;
            }
        }

        return false;
    }

    private static ChannelSnapshot? Latest(BoxSnapshot? box, string channel)
    {
        if (box is not null)
        {
            foreach (var snapshot in box.Channels)
            {
                if (snapshot.Channel == channel && snapshot.DeviceTimeMs is not null)
                {
                    return snapshot;
                }
            }
        }

        return null;
    }

    private static double LatestValue(BoxSnapshot? box, string channel) => Latest(box, channel)?.Value ?? double.NaN;

    /// <summary>How far the box's clock is ahead of the server's, from its latest reading; 0 when it has none.</summary>
    public static long Skew(BoxSnapshot? box)
    {
        ChannelSnapshot? latest = null;
        if (box is not null)
        {
            foreach (var snapshot in box.Channels)
            {
                if (snapshot.DeviceTimeMs is not null && snapshot.ReceivedAtMs is not null && (latest is null || snapshot.DeviceTimeMs > latest.DeviceTimeMs))
                {
                    latest = snapshot;
                }
            }
        }

        return latest is null ? 0 : latest.DeviceTimeMs!.Value - latest.ReceivedAtMs!.Value;
    }
}
