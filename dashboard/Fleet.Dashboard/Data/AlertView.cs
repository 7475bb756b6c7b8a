namespace Fleet.Dashboard.Data;

/// <summary>An alert as the alerts page shows it.</summary>
/// <param name="Rule">The rule's code, such as "chilled-too-warm".</param>
/// <param name="Severity">info, warning or critical.</param>
/// <param name="Channel">The compartment the alert is about, if any.</param>
/// <param name="State">open or resolved (acknowledged joins with the alert lifecycle).</param>
/// <param name="RaisedAt">Device time at which the rule was broken.</param>
/// <param name="ResolvedAt">Device time at which the condition cleared.</param>
/// <param name="Late">True when the readings that raised it arrived late (replayed from a box's backlog).</param>
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
    string Message);
