namespace Fleet.Server.Audit;

/// <summary>
/// An entry as the trail holds it and GET /api/audit returns it: its place in the chain, when, and
/// the hashes that chain it. <see cref="Before"/> and <see cref="After"/> are the JSON texts exactly
/// as stored and hashed, so a reader can recompute <see cref="Hash"/> from them.
/// </summary>
/// <param name="Sequence">1, 2, 3 … with no gaps.</param>
/// <param name="AtMs">Server time of the recording, milliseconds since the Unix epoch.</param>
/// <param name="PreviousHash">The previous entry's <see cref="Hash"/>; 64 zeros for the first entry.</param>
/// <param name="Hash">SHA-256 (lower-case hex) of the entry's canonical form, see <see cref="AuditCanonicalForm"/>.</param>
public sealed record StoredAuditEntry(
    long Sequence,
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
    /// <summary><see cref="AtMs"/> as a time, for people reading the API's answer.</summary>
    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(AtMs);
}
