namespace Fleet.Server.Alerts;

/// <summary>What a rule hands over to raise an alert.</summary>
public sealed record NewAlert(string Rule, string Severity, string BoxId, string? Channel, long RaisedAtMs, bool Late, double? PeakCelsius, string Message);
