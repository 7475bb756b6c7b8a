namespace Fleet.Server.Audit;

internal static partial class AuditLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Audit entry {Sequence}: {Action} by {Actor} on {Target}")]
    public static partial void Recorded(ILogger logger, long sequence, string action, string actor, string target);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Critical, Message = "Recording {Action} by {Actor} in the audit trail failed")]
    public static partial void RecordFailed(ILogger logger, string action, string actor, Exception exception);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Critical, Message = "The audit trail's hash chain is broken at entry {Sequence}: {Problem}")]
    public static partial void ChainBroken(ILogger logger, long sequence, string problem);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Audit query refused: {Reason}")]
    public static partial void QueryRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Audit trail read refused for {Actor}: not an admin, nor a regulator with a region")]
    public static partial void ReadRefused(ILogger logger, string actor);
}
