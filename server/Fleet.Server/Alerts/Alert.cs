using Fleet.Dashboard.Data;

namespace Fleet.Server.Alerts;

/// <summary>An alert: a rule broken by a box (and compartment), raised and resolved at device times.</summary>
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
    string Message)
{
    public const string Open = "open";
    public const string Resolved = "resolved";

    public bool IsOpen => State == Open;

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
        Message);
}
