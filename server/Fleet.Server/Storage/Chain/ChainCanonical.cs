using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Storage.Chain;

/// <summary>
/// The canonical serialisation of a chain link's records and the two hashes (docs/evidence.md).
/// Each record is one UTF-8 line of tab-separated fields:
/// <c>reading⇥box⇥channel⇥device-time-ms⇥value⇥received-at-ms</c> or
/// <c>event⇥box⇥name⇥device-time-ms⇥value⇥received-at-ms</c>, each ending in a line feed; the lines
/// are sorted by their bytes (what <c>LC_ALL=C sort</c> does) and hashed with SHA-256. A reading's
/// value is the shortest text that reads back as the same double ("R"); an event's value escapes
/// backslash, tab, line feed and carriage return as \\ \t \n \r. The link hash is SHA-256 of
/// <c>box\nseq\nprevious-hash\ncontent-hash\n</c>, hashes in lower-case hex; the first link's
/// previous hash is 64 zeros.
/// </summary>
public static class ChainCanonical
{
    /// <summary>The previous hash of a box's first link.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string ReadingLine(string boxId, string channel, long deviceTimeMs, double value, long receivedAtMs) =>
        string.Create(CultureInfo.InvariantCulture, $"reading\t{boxId}\t{channel}\t{deviceTimeMs}\t{value:R}\t{receivedAtMs}\n");

    public static string EventLine(string boxId, string name, long deviceTimeMs, string value, long receivedAtMs) =>
        string.Create(CultureInfo.InvariantCulture, $"event\t{boxId}\t{name}\t{deviceTimeMs}\t{Escape(value)}\t{receivedAtMs}\n");

    /// <summary>SHA-256 (lower-case hex) of the lines sorted by their UTF-8 bytes. Sorts <paramref name="lines"/> in place.</summary>
    public static string ContentHash(List<byte[]> lines)
    {
        // Compared without their line feeds, as sort(1) compares lines, so LC_ALL=C sort gives the same order.
        lines.Sort(static (a, b) => a.AsSpan(0, a.Length - 1).SequenceCompareTo(b.AsSpan(0, b.Length - 1)));
        // One-shot hashing of one pooled buffer: creating an incremental hash costs more than hashing a pack.
        var length = 0;
        foreach (var line in lines)
        {
            length += line.Length;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var offset = 0;
            foreach (var line in lines)
            {
                line.CopyTo(buffer, offset);
                offset += line.Length;
            }

            return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The content hash of records as stored.</summary>
    public static string ContentHash(IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events)
    {
        var lines = new List<byte[]>(readings.Count + events.Count);
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            lines.Add(Encoding.UTF8.GetBytes(ReadingLine(r.BoxId, r.Channel, r.DeviceTimeMs, r.Value, r.ReceivedAtMs)));
        }

        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            lines.Add(Encoding.UTF8.GetBytes(EventLine(e.BoxId, e.Name, e.DeviceTimeMs, e.Value, e.ReceivedAtMs)));
        }

        return ContentHash(lines);
    }

    /// <summary>SHA-256 of <c>box\nseq\nprevious\ncontent\n</c>: what <c>printf '%s\n%s\n%s\n%s\n' … | sha256sum</c> prints.</summary>
    public static string LinkHash(string boxId, long seq, string previousHash, string contentHash)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{boxId}\n{seq}\n{previousHash}\n{contentHash}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\t\n\r") < 0)
        {
            return value;
        }

        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
    }
}
