namespace Fleet.Server.Audit;

/// <summary>
/// The outcome of recomputing the audit trail's hash chain.
/// </summary>
/// <param name="Intact">Every entry's hash matches its content, each names its predecessor's hash, and no entry is missing.</param>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="HeadSequence">The last entry's sequence: note it (with <paramref name="HeadHash"/>) elsewhere to detect a later truncation.</param>
/// <param name="FirstBrokenSequence">The first entry at which the chain breaks, when it does.</param>
/// <param name="Problem">What is wrong there, in words.</param>
/// <param name="Protected">Whether the triggers that refuse UPDATE and DELETE are in place.</param>
public sealed record AuditVerification(
    bool Intact,
    long Entries,
    long? HeadSequence,
    string? HeadHash,
    long? FirstBrokenSequence,
    string? Problem,
    bool Protected,
    DateTimeOffset CheckedAt);
