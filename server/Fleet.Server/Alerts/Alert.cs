using Fleet.Dashboard.Data;

namespace Fleet.Server.Alerts;

/// <summary>
/// An alert: a rule broken by a box (and compartment), or for a delivery by its box, raised and
/// resolved at device times, and acknowledged, resolved by hand or escalated at server times.
/// </summary>
public sealed record Alert(
    long Id,
    string Rule,
    string Severity,
    string BoxId,
    string? Channel,
    string State,
    long RaisedAtMs,
    long? ResolvedAtMs,
    bool Late,
    double? PeakCelsius,
    string Message,
    long CreatedAtMs,
    long? AcknowledgedAtMs,
    string? AcknowledgedBy,
    string? AcknowledgeNote,
    string? ResolvedBy,
    string? ResolutionNote,
    long? EscalatedAtMs,
    string? OrderId)
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    /// <summary>Open until resolved: an acknowledged alert is still unresolved.</summary>
    public bool IsOpen => State != Resolved;

    /// <summary>The dashboard's view of the alert, also the "alert" message of the live hub.</summary>
    public AlertView ToView() => new(
        Id,
        Rule,
        Severity,
        BoxId,
        Channel,
        State,
        DateTimeOffset.FromUnixTimeMilliseconds(RaisedAtMs),
        ResolvedAtMs is { } resolved ? DateTimeOffset.FromUnixTimeMilliseconds(resolved) : null,
        Late,
        Message,
        AcknowledgedBy,
        AcknowledgedAtMs is { } acknowledged ? DateTimeOffset.FromUnixTimeMilliseconds(acknowledged) : null,
        AcknowledgeNote,
        ResolvedBy,
        ResolutionNote,
        EscalatedAtMs is { } escalated ? DateTimeOffset.FromUnixTimeMilliseconds(escalated) : null,
        OrderId);
}
