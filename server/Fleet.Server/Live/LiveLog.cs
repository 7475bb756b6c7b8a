namespace Fleet.Server.Live;

internal static partial class LiveLog
{
    [LoggerMessage(EventId = 450, Level = LogLevel.Warning, Message = "A live subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "Pushing a live {Message} message failed")]
    public static partial void PushFailed(ILogger logger, string message, Exception exception);

    [LoggerMessage(EventId = 453, Level = LogLevel.Warning, Message = "Refreshing the fleet page's status of {Id} failed")]
    public static partial void StatusRefreshFailed(ILogger logger, string id, Exception exception);
}
