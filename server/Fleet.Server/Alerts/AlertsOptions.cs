namespace Fleet.Server.Alerts;

/// <summary>The "Alerts" configuration section: escalation of critical alerts nobody acknowledges.</summary>
public sealed class AlertsOptions
{
    public const string Section = "Alerts";

    /// <summary>A critical alert still unacknowledged this many seconds after it was stored is escalated.</summary>
    public double EscalateAfterSeconds { get; set; } = 900;

    /// <summary>How often, in seconds, the escalation check runs.</summary>
    public double EscalationCheckSeconds { get; set; } = 15;
}
