namespace Fleet.Server.Audit;

/// <summary>A filter over the audit trail; every part is optional. Results come newest first.</summary>
/// <param name="Action">Exact action code, e.g. <c>alert.acknowledged</c>.</param>
/// <param name="TargetKind">The target's kind, e.g. <c>alert</c>.</param>
/// <param name="TargetId">The target's id, only with a kind.</param>
/// <param name="Actor">Exact actor name.</param>
/// <param name="BeforeSequence">Paging: only entries older than this sequence (the previous page's next cursor).</param>
public sealed record AuditQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Action = null,
    string? TargetKind = null,
    string? TargetId = null,
    string? Actor = null,
    long? BeforeSequence = null,
    int Limit = AuditQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

/// <summary>One page of entries, newest first, and the cursor of the next (older) page when there is one.</summary>
public sealed record AuditPage(IReadOnlyList<StoredAuditEntry> Entries, long? NextCursor);
