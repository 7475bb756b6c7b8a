namespace Fleet.Server.Devices;

internal static partial class DevicesLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Secret {Action} for box {BoxId}")]
    public static partial void Issued(ILogger logger, string boxId, string action);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "Secret of box {BoxId} revoked")]
    public static partial void Revoked(ILogger logger, string boxId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Command {Command} published to box {BoxId} (by {By})")]
    public static partial void CommandSent(ILogger logger, string command, string boxId, string by);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Command {Command} to box {BoxId} (by {By}) not published: {Reason}")]
    public static partial void CommandFailed(ILogger logger, string command, string boxId, string by, string reason);
}
