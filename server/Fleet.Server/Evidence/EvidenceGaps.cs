using Fleet.Server.Boxes;
using Fleet.Server.Storage.Chain;
using Fleet.Server.Verdicts;

namespace Fleet.Server.Evidence;

/// <summary>
/// Finds the gaps a bundle must declare (R11: complete, gaps shown): a compartment silent for more
/// than Verdicts:GapIntervals sampling intervals inside a window (also at its start and end), a
/// declared compartment with no reading at all, and a chain that does not verify.
/// </summary>
public static class EvidenceGaps
{
    public static IReadOnlyList<EvidenceGapEntry> Find(
        string boxId, IReadOnlyList<(long From, long To)> spans, IReadOnlyList<LinkedReading> readings,
        BoxSnapshot? device, VerdictOptions options, ChainVerification? verification)
    {
        var gaps = new List<EvidenceGapEntry>();
        var intervalMs = (device?.IntervalSeconds ?? options.DefaultIntervalSeconds) * 1000L;
        var allowedMs = (long)(options.GapIntervals * intervalMs);
        var channels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var r in readings)
        {
            channels.Add(r.Reading.Channel);
        }

        foreach (var declared in device?.Channels ?? [])
        {
            if (declared.Kind is not ("unknown" or "ambient"))
            {
                channels.Add(declared.Channel);
            }
        }

        foreach (var channel in channels)
        {
            foreach (var (from, to) in spans)
            {
                var previous = from;
                foreach (var r in readings)
                {
                    if (r.Reading.Channel != channel || r.Reading.DeviceTimeMs < from || r.Reading.DeviceTimeMs > to)
                    {
                        continue;
                    }

                    Add(gaps, boxId, channel, previous, r.Reading.DeviceTimeMs, allowedMs, "no reading for longer than the allowed intervals");
                    previous = r.Reading.DeviceTimeMs;
                }

                Add(gaps, boxId, channel, previous, to, allowedMs, previous == from ? "no reading in the window" : "no reading for longer than the allowed intervals");
            }
        }

        if (verification is { Intact: false })
        {
            gaps.Add(new EvidenceGapEntry(boxId, "*", DateTimeOffset.FromUnixTimeMilliseconds(spans.Min(s => s.From)),
                DateTimeOffset.FromUnixTimeMilliseconds(spans.Max(s => s.To)), 0, $"hash chain broken at link {verification.BrokenSeq}: {verification.Problem}"));
        }

        return gaps;
    }

    private static void Add(List<EvidenceGapEntry> gaps, string boxId, string channel, long from, long to, long allowedMs, string reason)
    {
        if (to - from > allowedMs)
        {
            gaps.Add(new EvidenceGapEntry(boxId, channel, DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(to),
                Math.Round((to - from) / 60_000.0, 1), reason));
        }
    }
}
