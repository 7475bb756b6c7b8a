namespace Fleet.Dashboard.Data;

/// <summary>One audit entry: who did what to which target, when, from where, and the target before and after (JSON).</summary>
public sealed record AuditEntryView(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string? ActorRole,
    string? ClientAddress,
    string Action,
    string? Target,
    string? Region,
    string? Before,
    string? After);
