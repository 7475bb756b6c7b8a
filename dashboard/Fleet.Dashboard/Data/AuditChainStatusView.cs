namespace Fleet.Dashboard.Data;

/// <summary>The audit trail's hash chain as last verified.</summary>
/// <param name="Intact">Every entry matches its hash and links to the one before, none missing.</param>
/// <param name="FirstBrokenSequence">Where it breaks, when it does.</param>
/// <param name="Protected">Whether the database still refuses changes and deletions of entries.</param>
public sealed record AuditChainStatusView(
    bool Intact,
    long Entries,
    long? HeadSequence,
    long? FirstBrokenSequence,
    string? Problem,
    bool Protected,
    DateTimeOffset CheckedAt);
