namespace Fleet.Server.Audit;

/// <summary>
/// An audit entry as GET /api/audit returns it. <see cref="Before"/> and <see cref="After"/> are the
/// JSON texts exactly as stored and hashed, so a reader can recompute <see cref="Hash"/> from them.
/// </summary>
public sealed record AuditEntryResponse(
    long Sequence,
    DateTimeOffset At,
    long AtMs,
    string Actor,
    string? ActorRole,
    string? ClientAddress,
    string Action,
    string? TargetKind,
    string? TargetId,
    string? Platform,
    string? Region,
    string? Before,
    string? After,
    string PreviousHash,
    string Hash)
{
    public static AuditEntryResponse From(StoredAuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Sequence, DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), e.AtMs, e.Actor, e.ActorRole, e.ClientAddress, e.Action,
            e.TargetKind, e.TargetId, e.Platform, e.Region, e.Before, e.After, e.PreviousHash, e.Hash);
    }
}

/// <summary>One page of GET /api/audit: entries newest first; pass <see cref="NextCursor"/> as ?cursor= for the next (older) page.</summary>
public sealed record AuditPageResponse(IReadOnlyList<AuditEntryResponse> Entries, long? NextCursor);
