namespace Fleet.Server.Verdicts;

internal static partial class VerdictsLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Verdict of {OrderId} (revision {Revision}): {Verdict}")]
    public static partial void Computed(ILogger logger, string orderId, int revision, string verdict);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Computing verdicts failed")]
    public static partial void Failed(ILogger logger, Exception exception);
}
