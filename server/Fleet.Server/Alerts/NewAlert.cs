namespace Fleet.Server.Alerts;

/// <summary>What a rule hands over to raise an alert.</summary>
/// <param name="OrderId">The delivery a delivery rule is about (late, danger zone, lid open, courier); null for box rules.</param>
public sealed record NewAlert(string Rule, string Severity, string BoxId, string? Channel, long RaisedAtMs, bool Late, double? PeakCelsius, string Message, string? OrderId = null);
