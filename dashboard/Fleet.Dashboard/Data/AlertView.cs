namespace Fleet.Dashboard.Data;

/// <summary>An alert as the alerts page shows it.</summary>
/// <param name="Rule">The rule's code, such as "chilled-too-warm".</param>
/// <param name="Severity">info, warning or critical.</param>
/// <param name="Channel">The compartment the alert is about, if any.</param>
/// <param name="State">open, acknowledged or resolved.</param>
/// <param name="RaisedAt">Device time at which the rule was broken.</param>
/// <param name="ResolvedAt">Device time at which the condition cleared, or server time when resolved by hand.</param>
/// <param name="Late">True when the readings that raised it arrived late (replayed from a box's backlog).</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
/// <param name="AcknowledgedAt">Server time of the acknowledgement.</param>
/// <param name="AcknowledgeNote">What the acknowledger wrote.</param>
/// <param name="ResolvedBy">Who resolved it by hand; null when it resolved itself.</param>
/// <param name="ResolutionNote">What the resolver wrote.</param>
/// <param name="EscalatedAt">Server time at which a critical alert, still unacknowledged, was escalated.</param>
/// <param name="OrderId">The delivery the alert is about, for the rules of a delivery.</param>
public sealed record AlertView(
    long Id,
    string Rule,
    string Severity,
    string BoxId,
    string? Channel,
    string State,
    DateTimeOffset RaisedAt,
    DateTimeOffset? ResolvedAt,
    bool Late,
    string Message,
    string? AcknowledgedBy = null,
    DateTimeOffset? AcknowledgedAt = null,
    string? AcknowledgeNote = null,
    string? ResolvedBy = null,
    string? ResolutionNote = null,
    DateTimeOffset? EscalatedAt = null,
    string? OrderId = null);
