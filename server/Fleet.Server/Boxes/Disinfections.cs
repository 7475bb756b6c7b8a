using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Boxes;

/// <summary>Reads a box's UV-C cycles from its "uvc" events (lamp on true, off false), on device time.</summary>
public sealed class Disinfections(IReadingStore store, IOptions<DisinfectionOptions> options)
{
    public DisinfectionOptions Options { get; } = options.Value;

    /// <summary>Device time at which the last cycle at least the dose long ended, at or before <paramref name="atMs"/>, within the maximum age.</summary>
    public async Task<long?> LastCompletedAsync(string boxId, long atMs, CancellationToken cancellationToken)
    {
        var maxAgeMs = (long)(Options.MaxAgeHours * 3_600_000);
        var doseMs = (long)(Options.MinDoseSeconds * 1000);
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
}
