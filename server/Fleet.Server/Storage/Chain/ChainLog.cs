namespace Fleet.Server.Storage.Chain;

internal static partial class ChainLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Retention purged {Links} chain links of box {BoxId} with their records; link {Seq} is the anchor, naming hash {AnchorHash}")]
    public static partial void Purged(ILogger logger, string boxId, long links, long seq, string anchorHash);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "The readings retention purge failed; it runs again at its next interval")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);
}
