namespace Fleet.Server.Deliveries;

internal static partial class DeliveriesLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Box {BoxId} pressed {Step} for order {OrderId}, which is not assigned to it")]
    public static partial void UnknownButtonOrder(ILogger logger, string boxId, string step, string orderId);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Assignment of {OrderId} refused: {Reasons}")]
    public static partial void Refused(ILogger logger, string orderId, string reasons);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "{Count} order records past their retention purged")]
    public static partial void Purged(ILogger logger, int count);

    [LoggerMessage(EventId = 503, Level = LogLevel.Error, Message = "Purging order records failed")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "Assignment of {OrderId} overridden by {Actor} ({Reason}), setting aside: {Refusals}")]
    public static partial void Overridden(ILogger logger, string orderId, string actor, string reason, string refusals);

    [LoggerMessage(EventId = 505, Level = LogLevel.Warning, Message = "Override of the assignment of {OrderId} by {Actor} refused: {Reason}")]
    public static partial void OverrideRefused(ILogger logger, string orderId, string actor, string reason);
}
