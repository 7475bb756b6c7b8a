using Fleet.Firmware.Protocol;
using Fleet.Server.Boxes;
using Fleet.Server.Couriers;
using Fleet.Server.Deliveries;
using Fleet.Server.Platform;
using Fleet.Server.Rules;
using Fleet.Server.Storage;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Verdicts;

/// <summary>
/// Judges one handed-over delivery from the stored evidence: readings and events only through
/// <see cref="IReadingStore"/>, on device time, between pickup and hand-over.
/// </summary>
public sealed class VerdictCalculator(
    IReadingStore store,
    BoxRegistry registry,
    UsedCompartments used,
    Disinfections disinfections,
    CourierStore couriers,
    CompartmentRules rules,
    IOptions<VerdictOptions> options,
    PlatformCalendar calendar,
    TimeProvider time)
{
    private readonly VerdictOptions _options = options.Value;

    /// <summary>The verdict, or null while the delivery is not handed over (or has no box).</summary>
    public async Task<DeliveryVerdict?> ComputeAsync(Delivery delivery, int revision, CancellationToken cancellationToken)
    {
        if (delivery.HandedOverAt is not { } handedOver || delivery.BoxId is not { } boxId)
        {
            return null;
        }

        var reasons = new List<string>();
        // A delivery handed over without a recorded pickup is judged from its assignment, and says so.
        var pickedUp = delivery.PickedUpAt ?? delivery.AssignedAt ?? handedOver;
        if (delivery.PickedUpAt is null)
        {
            reasons.Add("no pickup was recorded: the evidence window starts at the assignment (R5)");
        }

        var fromMs = pickedUp.ToUnixTimeMilliseconds();
        var toMs = handedOver.ToUnixTimeMilliseconds();
        var intervalMs = (long)(registry.Find(boxId)?.IntervalSeconds ?? _options.DefaultIntervalSeconds) * 1000;
        var maxGapMs = (long)(_options.GapIntervals * intervalMs);

        var compartments = new List<CompartmentEvidence>();
        var gaps = new List<EvidenceGap>();
        var anyColdOutOfRange = false;
        var hotHeld = true;
        foreach (var (channel, kind) in await used.FindAsync(delivery, boxId, cancellationToken).ConfigureAwait(false))
        {
            var readings = await store.QueryAsync(boxId, channel, fromMs, toMs, int.MaxValue, cancellationToken).ConfigureAwait(false);
            // The compartment's limits, tightened by its box profile and by the categories of the food it carries.
            var rule = rules.For(boxId, channel, kind) is { } own ? rules.ForFood(own, delivery) : null;
            var evidence = Evidence(channel, kind, rule, readings, toMs, out var instantBreach);
            compartments.Add(evidence);
            FindGaps(channel, readings, fromMs, toMs, maxGapMs, gaps);
            if (rule is null)
            {
                continue;
            }

            var beyond = evidence.MinutesOutOfRange > 0;
            hotHeld &= kind != CompartmentKinds.Hot || (!beyond && evidence.Readings > 0);
            anyColdOutOfRange |= kind != CompartmentKinds.Hot && beyond;
            // The grace time counts cumulatively within the delivery, as the catalogue asks for chilled food.
            if (evidence.MinutesOutOfRange * 60_000 > rule.Options.GraceMs || instantBreach)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{channel} ({kind}) was beyond {rule.Limit} °C for {evidence.MinutesOutOfRange:0.#} min, more than the {rule.Options.GraceMinutes:0.#} min allowed{(instantBreach ? $", and above {rule.Options.InstantMaxCelsius} °C" : "")} (R2)"));
            }
        }

        var processingMinutes = (handedOver - delivery.ProcessedAt).TotalMinutes;
        var limitMinutes = ProcessingLimitMinutes(delivery, hotHeld, anyColdOutOfRange);
        if (limitMinutes is { } limit && processingMinutes > limit)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"{processingMinutes:0.#} min from processing to hand-over, more than the {limit:0.#} min safe limit (R5)"));
        }

        var lateBy = (handedOver - delivery.PromisedAt).TotalMinutes;
        if (lateBy > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"handed over {lateBy:0.#} min after the promised time (R5)"));
        }

        var disinfectedAt = await disinfections.LastCompletedAsync(boxId, fromMs, cancellationToken).ConfigureAwait(false);
        if (disinfectedAt is null)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"box {boxId} had no completed disinfection in the {disinfections.Options.MaxAgeHours} h before pickup (R4)"));
        }

        var pickupDay = calendar.DayOf(pickedUp);
        var courierReasons = delivery.CourierId is { } courierId && await couriers.FindAsync(courierId, pickupDay, cancellationToken).ConfigureAwait(false) is { } courier
            ? courier.Unfitness(pickupDay)
            : [$"courier {delivery.CourierId} is not registered (R7)"];
        reasons.AddRange(courierReasons);

        foreach (var gap in gaps)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"no reading of {gap.Channel} for {gap.Minutes:0.#} min from {gap.From:HH:mm:ss}, more than {_options.GapIntervals} sampling intervals (R11)"));
        }

        return new DeliveryVerdict(
            delivery.OrderId, boxId, reasons.Count == 0, reasons, compartments, pickedUp, handedOver,
            Math.Round(processingMinutes, 2), limitMinutes, Math.Round((handedOver - pickedUp).TotalMinutes, 2),
            Math.Round((delivery.PromisedAt - pickedUp).TotalMinutes, 2), Math.Round(lateBy, 2),
            disinfectedAt is { } at ? Math.Round((fromMs - at) / 60_000.0, 2) : null,
            courierReasons.Count == 0, gaps, time.GetUtcNow(), revision);
    }

    /// <summary>
    /// The danger-zone limit for the food carried: 2 h for food between 8 and 60 °C (ambient food, and
    /// cold food whose compartment left its range), 4 h for hot food held at 60 °C all the way, 2 h for
    /// hot food that was not; none when everything stayed cold.
    /// </summary>
    private double? ProcessingLimitMinutes(Delivery delivery, bool hotHeld, bool coldOutOfRange)
    {
        double? limit = null;
        foreach (var item in delivery.Items)
        {
            double? hours = item.Category switch
            {
                FoodCategories.Hot => hotHeld ? _options.HotHeldHours : _options.DangerZoneHours,
                FoodCategories.Ambient => _options.DangerZoneHours,
                _ => coldOutOfRange ? _options.DangerZoneHours : null,
            };
            if (hours is { } h && (limit is null || h * 60 < limit))
            {
                limit = h * 60;
            }
        }

        return limit;
    }

    private static CompartmentEvidence Evidence(string channel, string kind, CompartmentRule? rule, IReadOnlyList<StoredReading> readings, long toMs, out bool instantBreach)
    {
        instantBreach = false;
        if (readings.Count == 0)
        {
            return new CompartmentEvidence(channel, kind, 0, null, null, null, 0, rule?.Limit);
        }

        double min = double.MaxValue, max = double.MinValue, sum = 0;
        for (var i = 0; i < readings.Count; i++)
        {
            var value = readings[i].Value;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
            sum += value;
            instantBreach |= rule?.Options.InstantMaxCelsius is { } instant && value > instant;
        }

        var beyondMs = rule?.BeyondMs(readings, toMs) ?? 0;

        return new CompartmentEvidence(channel, kind, readings.Count, min, max, Math.Round(sum / readings.Count, 2), beyondMs / 60_000.0, rule?.Limit);
    }

    private static void FindGaps(string channel, IReadOnlyList<StoredReading> readings, long fromMs, long toMs, long maxGapMs, List<EvidenceGap> gaps)
    {
        var previous = fromMs;
        for (var i = 0; i <= readings.Count; i++)
        {
            var next = i < readings.Count ? readings[i].DeviceTimeMs : toMs;
            if (next - previous > maxGapMs)
            {
                gaps.Add(new EvidenceGap(channel, DateTimeOffset.FromUnixTimeMilliseconds(previous), DateTimeOffset.FromUnixTimeMilliseconds(next), Math.Round((next - previous) / 60_000.0, 2)));
            }

            previous = next;
        }
    }
}
