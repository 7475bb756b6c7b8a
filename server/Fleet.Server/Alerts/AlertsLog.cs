namespace Fleet.Server.Alerts;

internal static partial class AlertsLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "{Count} critical alerts escalated: unacknowledged for more than {Seconds} s")]
    public static partial void Escalated(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "The escalation check failed")]
    public static partial void EscalationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Alert {Id} {Action} by {By}: {Note}")]
    public static partial void Handled(ILogger logger, long id, string action, string by, string note);

    [LoggerMessage(EventId = 403, Level = LogLevel.Error, Message = "Writing {Count} alert changes failed; they stay in memory and a restart's rule rebuild raises them again")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);
}
