using System.Text;

namespace Fleet.Server.Storage.Chain;

/// <summary>
/// Recomputes a box's chain from what is stored: every link's records (read back from SQLite or
/// InfluxDB by their link number) must hash to the link's content hash, every link hash must follow
/// from its fields, and every link must name the hash of the one before (or, after a retention
/// purge, the recorded anchor). Reports the first link where any of this fails.
/// </summary>
public sealed class ChainVerifier(ChainStore chain, IChainRecordReader records)
{
    private const int LinksPerRound = 500;

    /// <param name="fromSeq">First link to check; null for the box's first remaining link.</param>
    /// <param name="toSeq">Last link to check; null for the head.</param>
    public async Task<ChainVerification> VerifyAsync(string boxId, long? fromSeq, long? toSeq, CancellationToken cancellationToken)
    {
        var head = await chain.HeadAsync(boxId, cancellationToken).ConfigureAwait(false);
        var first = fromSeq ?? await chain.FirstSeqAsync(boxId, cancellationToken).ConfigureAwait(false) ?? 1;
        var last = Math.Min(toSeq ?? head.Seq, head.Seq);
        var progress = new Progress(boxId, first, last, head);
        if (last < first)
        {
            return progress.Intact();
        }

        var (expectedPrevious, anchor, problem) = await PreviousOfAsync(boxId, first, cancellationToken).ConfigureAwait(false);
        progress.AnchorHash = anchor;
        if (problem is not null)
        {
            return progress.Broken(first, problem);
        }

        var expectedSeq = first;
        while (expectedSeq <= last)
        {
            var links = await chain.LinksAsync(boxId, expectedSeq, last, LinksPerRound, cancellationToken).ConfigureAwait(false);
            if (links.Count == 0)
            {
                return progress.Broken(expectedSeq, $"link {expectedSeq} is missing from chain_links");
            }

            var stored = await records.ByLinksAsync(boxId, links[0].Seq, links[^1].Seq, Min(links), Max(links), cancellationToken).ConfigureAwait(false);
            var byLink = Group(stored);
            foreach (var link in links)
            {
                if (link.Seq != expectedSeq)
                {
                    return progress.Broken(expectedSeq, $"link {expectedSeq} is missing from chain_links");
                }

                var linkProblem = Check(link, expectedPrevious, byLink.GetValueOrDefault(link.Seq));
                if (linkProblem is not null)
                {
                    return progress.Broken(link.Seq, linkProblem);
                }

                progress.Links++;
                progress.Records += link.Records;
                expectedPrevious = link.LinkHash;
                expectedSeq++;
            }
        }

        return progress.Intact();
    }

    private static string? Check(ChainLink link, string expectedPrevious, List<byte[]>? lines)
    {
        if (!string.Equals(link.PreviousHash, expectedPrevious, StringComparison.Ordinal))
        {
            return $"link {link.Seq} names previous hash {link.PreviousHash}, but the link before it hashes to {expectedPrevious}";
        }

        var linkHash = ChainCanonical.LinkHash(link.BoxId, link.Seq, link.PreviousHash, link.ContentHash);
        if (!string.Equals(linkHash, link.LinkHash, StringComparison.Ordinal))
        {
            return $"link {link.Seq}'s stored hash {link.LinkHash} does not follow from its fields ({linkHash})";
        }

        var count = lines?.Count ?? 0;
        if (count != link.Records)
        {
            return $"link {link.Seq} stored {link.Records} records, {count} are there now";
        }

        var content = ChainCanonical.ContentHash(lines ?? []);
        return string.Equals(content, link.ContentHash, StringComparison.Ordinal)
            ? null
            : $"link {link.Seq}'s records hash to {content}, not to the stored {link.ContentHash}: a record was changed";
    }

    private async Task<(string Previous, string? Anchor, string? Problem)> PreviousOfAsync(string boxId, long first, CancellationToken cancellationToken)
    {
        if (first == 1)
        {
            return (ChainCanonical.Genesis, null, null);
        }

        var before = await chain.LinksAsync(boxId, first - 1, first - 1, 1, cancellationToken).ConfigureAwait(false);
        if (before.Count == 1)
        {
            return (before[0].LinkHash, null, null);
        }

        var anchor = await chain.AnchorAsync(boxId, first, cancellationToken).ConfigureAwait(false);
        return anchor is null
            ? ("", null, $"link {first - 1} is missing and no retention purge recorded an anchor for link {first}")
            : (anchor.AnchorHash, anchor.AnchorHash, null);
    }

    private static Dictionary<long, List<byte[]>> Group(LinkedRecords stored)
    {
        var byLink = new Dictionary<long, List<byte[]>>();
        foreach (var (r, link) in stored.Readings)
        {
            if (link is { } seq)
            {
                Lines(byLink, seq).Add(Encoding.UTF8.GetBytes(ChainCanonical.ReadingLine(r.BoxId, r.Channel, r.DeviceTimeMs, r.Value, r.ReceivedAtMs)));
            }
        }

        foreach (var (e, link) in stored.Events)
        {
            if (link is { } seq)
            {
                Lines(byLink, seq).Add(Encoding.UTF8.GetBytes(ChainCanonical.EventLine(e.BoxId, e.Name, e.DeviceTimeMs, e.Value, e.ReceivedAtMs)));
            }
        }

        return byLink;
    }

    private static List<byte[]> Lines(Dictionary<long, List<byte[]>> byLink, long seq)
    {
        if (!byLink.TryGetValue(seq, out var lines))
        {
            byLink[seq] = lines = [];
        }

        return lines;
    }

    private static long Min(IReadOnlyList<ChainLink> links)
    {
        var min = long.MaxValue;
        foreach (var link in links)
        {
            min = Math.Min(min, link.FirstDeviceTimeMs);
        }

        return min;
    }

    private static long Max(IReadOnlyList<ChainLink> links)
    {
        var max = long.MinValue;
        foreach (var link in links)
        {
            max = Math.Max(max, link.LastDeviceTimeMs);
        }

        return max;
    }

    private sealed class Progress(string boxId, long from, long to, ChainHead head)
    {
        public int Links { get; set; }

        public int Records { get; set; }

        public string? AnchorHash { get; set; }

        public ChainVerification Intact() => new(boxId, from, to, Links, Records, true, null, null, AnchorHash, head.Seq, head.Hash);

        public ChainVerification Broken(long seq, string problem) => new(boxId, from, to, Links, Records, false, seq, problem, AnchorHash, head.Seq, head.Hash);
    }
}
