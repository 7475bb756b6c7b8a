namespace Fleet.Server.Ingestion;

internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "MQTT broker listening on port {Port}")]
    public static partial void BrokerStarted(ILogger logger, int port);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "MQTT broker stopped")]
    public static partial void BrokerStopped(ILogger logger);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Rejected from box {BoxId} on {Topic}: {Reason} ({Detail})")]
    public static partial void Rejected(ILogger logger, string? boxId, string topic, string reason, string detail);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Could not store the message of box {BoxId} on {Topic}; closing client {ClientId} without acknowledging, so it sends the message again")]
    public static partial void StoreFailed(ILogger logger, string boxId, string topic, string clientId, Exception exception);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "Unexpected error ingesting a message on {Topic}; rejected as malformed")]
    public static partial void Unexpected(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 206, Level = LogLevel.Error, Message = "Unexpected error storing a publish of client {ClientId}; its PUBACK is withheld and the connection closed")]
    public static partial void HeldIngestFailed(ILogger logger, string clientId, Exception exception);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Box {BoxId} is {State}")]
    public static partial void StatusChanged(ILogger logger, string boxId, string state);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Connected to the external broker {Host}:{Port} as {ClientId}, subscribed to {Topic} (session present: {SessionPresent})")]
    public static partial void ExternalConnected(ILogger logger, string host, int port, string clientId, string topic, bool sessionPresent);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "The external broker {Host}:{Port} is not reachable ({Reason}); retrying")]
    public static partial void ExternalUnreachable(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 212, Level = LogLevel.Debug, Message = "A message was not acknowledged ({Reason}); the broker delivers it again")]
    public static partial void AcknowledgeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 220, Level = LogLevel.Warning, Message = "Refused the MQTT connection of client {ClientId} (username {UserName}) from {Remote}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string clientId, string? userName, string reason, string? remote);

    [LoggerMessage(EventId = 221, Level = LogLevel.Warning, Message = "Refused client {ClientId} the subscription to {TopicFilter}: a box may subscribe only to its own command topic")]
    public static partial void SubscriptionRefused(ILogger logger, string clientId, string topicFilter);

    [LoggerMessage(EventId = 222, Level = LogLevel.Information, Message = "Dropped the MQTT session of box {BoxId}: its secret was rotated or revoked")]
    public static partial void SessionDropped(ILogger logger, string boxId);

    [LoggerMessage(EventId = 223, Level = LogLevel.Information, Message = "MQTT over TLS listening on port {Port}")]
    public static partial void TlsStarted(ILogger logger, int port);
}
