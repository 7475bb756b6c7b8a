namespace Fleet.Server.Storage.Chain;

/// <summary>
/// The result of recomputing a box's chain from its stored rows: intact, or the first broken link and why.
/// </summary>
/// <param name="BrokenSeq">The first link that does not verify; null when intact.</param>
/// <param name="Problem">Why it does not verify, for a person to read.</param>
/// <param name="AnchorHash">The purge anchor the first checked link was verified against, if any.</param>
public sealed record ChainVerification(
    string BoxId,
    long FromSeq,
    long ToSeq,
    int LinksChecked,
    int RecordsChecked,
    bool Intact,
    long? BrokenSeq,
    string? Problem,
    string? AnchorHash,
    long HeadSeq,
    string HeadHash);
