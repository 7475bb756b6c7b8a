using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Platform;

namespace Fleet.Server.Rules;

/// <summary>
/// The rules of a box in service (one with a profile): not disinfected within the allowed age (R4),
/// and a compartment's sensor past its calibration's due day (R8).
/// </summary>
public sealed class BoxWatch(BoxRegistry registry, BoxProfileStore profiles, Disinfections disinfections, PlatformCalendar calendar)
{
    public async Task CheckAsync(string boxId, long nowMs, WatchFindings findings, CancellationToken cancellationToken)
    {
        // Disinfections are on the box's clock; the box's present device time is the server's corrected by its offset.
        var deviceNowMs = nowMs + DeliveryWatch.Skew(registry.Find(boxId));
        if (await disinfections.LastCompletedAsync(boxId, deviceNowMs, cancellationToken).ConfigureAwait(false) is { } last)
        {
            findings.Clear(WatchCodes.NotDisinfected, boxId, null, last, $"box {boxId} disinfected at {DateTimeOffset.FromUnixTimeMilliseconds(last):HH:mm:ss}");
        }
        else
        {
            findings.Holding.Add(new NewAlert(WatchCodes.NotDisinfected, Severities.Warning, boxId, null, deviceNowMs, false, null,
                $"box {boxId} has no completed disinfection of at least {disinfections.Options.MinDoseSeconds} s in the last {disinfections.Options.MaxAgeHours} h: not fit for service (R4)"));
        }

        // A cycle that ended without its dose (too short, lid opened, UV-C not confirmed) stays flagged until a full one follows.
        if (await disinfections.LastCycleAsync(boxId, deviceNowMs, cancellationToken).ConfigureAwait(false) is { } cycle)
        {
            if (cycle.Counts)
            {
                findings.Clear(WatchCodes.DisinfectionIncomplete, boxId, null, cycle.EndedMs, $"box {boxId} completed a disinfection ({cycle.What})");
            }
            else
            {
                findings.Holding.Add(new NewAlert(WatchCodes.DisinfectionIncomplete, Severities.Warning, boxId, null, cycle.EndedMs, false, null,
                    $"box {boxId}'s last disinfection cycle did not give the {disinfections.Options.MinDoseSeconds} s dose ({cycle.What}) (R4)"));
            }
        }

        var today = calendar.DayOf(DateTimeOffset.FromUnixTimeMilliseconds(nowMs));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Newest first: the first record of a channel is the one in force.
        foreach (var record in await profiles.CalibrationsAsync(boxId, cancellationToken).ConfigureAwait(false))
        {
            if (!seen.Add(record.Channel))
            {
                continue;
            }

            if (record.DueOn < today)
            {
                var overdueSince = new DateTimeOffset(record.DueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
                findings.Holding.Add(new NewAlert(WatchCodes.CalibrationDue, Severities.Warning, boxId, record.Channel, overdueSince, false, null,
                    $"sensor {record.Channel} of box {boxId} was due for calibration on {record.DueOn:yyyy-MM-dd} (last calibrated {record.CalibratedOn:yyyy-MM-dd}) (R8)"));
            }
            else
            {
                findings.Clear(WatchCodes.CalibrationDue, boxId, record.Channel, nowMs, $"sensor {record.Channel} calibrated on {record.CalibratedOn:yyyy-MM-dd}, due {record.DueOn:yyyy-MM-dd}");
            }
        }
    }
}
