namespace Fleet.Server.Live;

internal static partial class LiveLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "A live subscriber failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Pushing a live {Message} message failed")]
    public static partial void PushFailed(ILogger logger, string message, Exception exception);
}
