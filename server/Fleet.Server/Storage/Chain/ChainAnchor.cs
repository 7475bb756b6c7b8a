namespace Fleet.Server.Storage.Chain;

/// <summary>
/// Where a retention purge let a box's chain start again: link <paramref name="Seq"/> is now its
/// first, and <paramref name="AnchorHash"/> is the hash of the purged link before it, which that
/// link's previous hash must still equal.
/// </summary>
public sealed record ChainAnchor(string BoxId, long Seq, string AnchorHash, long PurgedLinks, long PurgedAtMs);
