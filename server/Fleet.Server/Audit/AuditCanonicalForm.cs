using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Audit;

/// <summary>
/// The canonical serialisation an entry's hash is computed over (docs/audit.md shows it by hand).
/// It is the text <c>fleet-audit-v1</c> followed by the fields below in this order, each written as a
/// netstring: the UTF-8 byte count in decimal, a colon, the bytes, a comma (<c>5:alice,</c>); a null
/// field is written as <c>~,</c>. Numbers are plain invariant decimals. Fields: sequence, time
/// (Unix milliseconds), actor, actor role, client address, action, target kind, target id, platform,
/// region, before (JSON text as stored), after (JSON text as stored), previous entry's hash.
/// Length prefixes make the form unambiguous whatever characters a value holds.
/// </summary>
public static class AuditCanonicalForm
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private const string Version = "fleet-audit-v1";

    public static byte[] Serialise(StoredAuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder(256);
        Append(text, Version);
        Append(text, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(text, entry.AtMs.ToString(CultureInfo.InvariantCulture));
        Append(text, entry.Actor);
        Append(text, entry.ActorRole);
        Append(text, entry.ClientAddress);
        Append(text, entry.Action);
        Append(text, entry.TargetKind);
        Append(text, entry.TargetId);
        Append(text, entry.Platform);
        Append(text, entry.Region);
        Append(text, entry.Before);
        Append(text, entry.After);
        Append(text, entry.PreviousHash);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The entry's hash: SHA-256 of <see cref="Serialise"/>, lower-case hex. The entry's own Hash field is not part of it.</summary>
    public static string Hash(StoredAuditEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Serialise(entry)));

    private static void Append(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("~,");
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(',');
    }
}
