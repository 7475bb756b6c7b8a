namespace Fleet.Server.Devices;

internal static partial class DevicesLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Secret {Action} for box {BoxId}")]
    public static partial void Issued(ILogger logger, string boxId, string action);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Secret of box {BoxId} revoked")]
    public static partial void Revoked(ILogger logger, string boxId);
}
