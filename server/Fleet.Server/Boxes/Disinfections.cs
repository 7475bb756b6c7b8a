using System.Globalization;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Boxes;

/// <summary>
/// Reads a box's disinfections on device time. Firmware that confirms the dose with its UV sensor
/// reports each cycle's end as a "disinfection" event ("complete:&lt;seconds&gt;" or
/// "incomplete:&lt;reason&gt;"); when a box sends those, they are what counts, since a lamp switched
/// on and off ("uvc" true→false) proves no dose. Older firmware sends only "uvc", and then a cycle
/// at least the dose long counts.
/// </summary>
public sealed class Disinfections(IReadingStore store, IOptions<DisinfectionOptions> options)
{
    public DisinfectionOptions Options { get; } = options.Value;

    /// <summary>Device time at which the last cycle at least the dose long ended, at or before <paramref name="atMs"/>, within the maximum age.</summary>
    public async Task<long?> LastCompletedAsync(string boxId, long atMs, CancellationToken cancellationToken)
    {
        var maxAgeMs = (long)(Options.MaxAgeHours * 3_600_000);
        var doseMs = (long)(Options.MinDoseSeconds * 1000);
        var reported = await store.QueryEventsAsync(boxId, "disinfection", atMs - maxAgeMs, atMs, cancellationToken).ConfigureAwait(false);
        if (reported.Count > 0)
        {
            long? confirmed = null;
            foreach (var e in reported)
            {
                if (CompleteSeconds(e.Value) is { } seconds && seconds * 1000 >= doseMs)
                {
                    confirmed = e.DeviceTimeMs;
                }
            }

            return confirmed;
        }

        // The cycle may have started before the window it must end in.
        var events = await store.QueryEventsAsync(boxId, "uvc", atMs - maxAgeMs - doseMs - 3_600_000, atMs, cancellationToken).ConfigureAwait(false);
        long? onAt = null;
        long? last = null;
        foreach (var e in events)
        {
            if (e.Value == "true")
            {
                onAt ??= e.DeviceTimeMs;
            }
            else if (e.Value == "false" && onAt is { } on)
            {
                if (e.DeviceTimeMs - on >= doseMs && e.DeviceTimeMs >= atMs - maxAgeMs)
                {
                    last = e.DeviceTimeMs;
                }

                onAt = null;
            }
        }

        return last;
    }

    /// <summary>
    /// The box's last disinfection cycle that ended in (<paramref name="atMs"/> − maximum age, <paramref name="atMs"/>]:
    /// when it ended, whether it counts, and what it was ("complete:300", "incomplete:lid", "UV-C on 120 s").
    /// The box's own reports when it sends them, else its lamp cycles; null when it ended none.
    /// </summary>
    public async Task<(long EndedMs, bool Counts, string What)?> LastCycleAsync(string boxId, long atMs, CancellationToken cancellationToken)
    {
        var cycles = await CyclesAsync(boxId, atMs - (long)(Options.MaxAgeHours * 3_600_000), atMs, cancellationToken).ConfigureAwait(false);
        return cycles.Count > 0 ? cycles[^1] : null;
    }

    /// <summary>
    /// The box's disinfection cycles that ended in [<paramref name="fromMs"/>, <paramref name="toMs"/>],
    /// oldest first, each with whether it gave the dose: the box's own reports when it sends them in
    /// the range, else its lamp cycles (a lamp switched on up to an hour before the range counts).
    /// </summary>
    public async Task<IReadOnlyList<(long EndedMs, bool Counts, string What)>> CyclesAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var doseMs = (long)(Options.MinDoseSeconds * 1000);
        var cycles = new List<(long, bool, string)>();
        var reported = await store.QueryEventsAsync(boxId, "disinfection", fromMs, toMs, cancellationToken).ConfigureAwait(false);
        if (reported.Count > 0)
        {
            foreach (var e in reported)
            {
                cycles.Add((e.DeviceTimeMs, CompleteSeconds(e.Value) is { } seconds && seconds * 1000 >= doseMs, e.Value));
            }

            return cycles;
        }

        var events = await store.QueryEventsAsync(boxId, "uvc", fromMs - 3_600_000, toMs, cancellationToken).ConfigureAwait(false);
        long? onAt = null;
        foreach (var e in events)
        {
            if (e.Value == "true")
            {
                onAt ??= e.DeviceTimeMs;
            }
            else if (e.Value == "false" && onAt is { } on)
            {
                if (e.DeviceTimeMs >= fromMs)
                {
                    cycles.Add((e.DeviceTimeMs, e.DeviceTimeMs - on >= doseMs, $"UV-C on {(e.DeviceTimeMs - on) / 1000} s"));
                }

                onAt = null;
            }
        }

        return cycles;
    }

    /// <summary>The confirmed dose of a "complete:&lt;seconds&gt;" report; null for anything else.</summary>
    public static double? CompleteSeconds(string value) =>
        value.StartsWith("complete:", StringComparison.Ordinal)
        && double.TryParse(value.AsSpan("complete:".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
}
