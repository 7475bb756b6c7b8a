namespace Fleet.Server.Audit;

internal static partial class AuditLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Audit entry {Sequence}: {Action} by {Actor} on {Target}")]
    public static partial void Recorded(ILogger logger, long sequence, string action, string actor, string target);

    [LoggerMessage(EventId = 901, Level = LogLevel.Critical, Message = "Recording {Action} by {Actor} in the audit trail failed")]
    public static partial void RecordFailed(ILogger logger, string action, string actor, Exception exception);

    [LoggerMessage(EventId = 902, Level = LogLevel.Critical, Message = "The audit trail's hash chain is broken at entry {Sequence}: {Problem}")]
    public static partial void ChainBroken(ILogger logger, long sequence, string problem);

    [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "Audit query refused: {Reason}")]
    public static partial void QueryRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 904, Level = LogLevel.Warning, Message = "Audit trail read refused for {Actor}: not an admin, nor a regulator with a region")]
    public static partial void ReadRefused(ILogger logger, string actor);
}
