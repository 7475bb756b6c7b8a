using Fleet.Firmware.Protocol;
using Fleet.Server.Devices;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Server.Ingestion;

/// <summary>
/// The embedded broker's door and its topic rules. A box connects with username = client id = box
/// id and its secret as password; it may publish only under fleet/v1/boxes/{its id}/ and subscribe
/// only to its own command topic. Every refusal is logged with its reason and counted
/// (<see cref="IngestionStats"/>). Allowed publishes go on to <see cref="PublishIngestor"/>, after
/// the size check and the box's token bucket.
/// </summary>
public sealed class DeviceGuard(
    DeviceCredentials credentials,
    PublishIngestor ingestor,
    PublishRateLimiter limiter,
    IngestionStats stats,
    TimeProvider time,
    ILogger<DeviceGuard> logger)
{
    private const string StatusSuffix = "/" + Topics.Status;

    public Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        var refusal = Refusal(args.ClientId, args.UserName, args.Password);
        if (refusal is not null)
        {
            args.ReasonCode = refusal.Value.Code;
            stats.DeviceRefused(refusal.Value.Reason);
            IngestionLog.ConnectionRefused(logger, args.ClientId, args.UserName, refusal.Value.Reason, args.RemoteEndPoint?.ToString());
        }

        return Task.CompletedTask;
    }

    private (MqttConnectReasonCode Code, string Reason)? Refusal(string clientId, string? userName, string? password)
    {
        if (!string.Equals(clientId, userName, StringComparison.Ordinal) && !string.IsNullOrEmpty(userName))
        {
            return (MqttConnectReasonCode.ClientIdentifierNotValid, DeviceRefusals.ClientIdMismatch);
        }

        switch (credentials.Check(userName, password))
        {
            case DeviceCheck.NoCredentials:
                return (MqttConnectReasonCode.BadUserNameOrPassword, DeviceRefusals.NoCredentials);
            case DeviceCheck.UnknownDevice:
                return (MqttConnectReasonCode.BadUserNameOrPassword, DeviceRefusals.UnknownDevice);
            case DeviceCheck.WrongSecret:
                return (MqttConnectReasonCode.BadUserNameOrPassword, DeviceRefusals.WrongSecret);
            case DeviceCheck.Revoked:
                return (MqttConnectReasonCode.Banned, DeviceRefusals.Revoked);
        }

        return null;
    }

    public Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        var topic = args.ApplicationMessage.Topic;
        if (args.ClientId == MqttBrokerService.ServerSenderId)
        {
            // The server's own commands (POST /api/devices/{boxId}/commands); no box can use this id.
            return Task.CompletedTask;
        }

        if (!IsOwnTopic(topic, args.ClientId))
        {
            Reject(args.ClientId, topic, RejectReasons.ForeignTopic, $"client {args.ClientId} may publish only under {Topics.Prefix}{args.ClientId}/");
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            return Task.CompletedTask;
        }

        var size = args.ApplicationMessage.Payload.Length;
        if (size > ProtocolLimits.MaxPayloadBytes)
        {
            // Acknowledged (with a reason for MQTT 5 clients): sent again it would still be too large.
            Reject(args.ClientId, topic, RejectReasons.TooLarge, $"{size} bytes; the limit is {ProtocolLimits.MaxPayloadBytes}");
            args.ProcessPublish = false;
            args.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            return Task.CompletedTask;
        }

        // Status has a bucket of its own, so the last will the broker publishes after cutting off a
        // flooding box still gets through and the box is shown offline.
        var isStatus = topic.EndsWith(StatusSuffix, StringComparison.Ordinal);
        if (!limiter.TryAcquire(isStatus ? args.ClientId + StatusSuffix : args.ClientId))
        {
            // The excess is not acknowledged: the connection closes without a PUBACK, so the box
            // keeps the pack in its store-and-forward queue and sends it again after its reconnect
            // back-off, by which time its bucket has refilled. Other boxes' buckets are untouched.
            Reject(args.ClientId, topic, RejectReasons.RateLimited, "publish rate above Mqtt:PublishesPerSecond/PublishBurst; disconnected without acknowledging");
            args.ProcessPublish = false;
            args.CloseConnection = true;
            return Task.CompletedTask;
        }

        return ingestor.InterceptAsync(args);
    }

    public Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        var filter = args.TopicFilter.Topic;
        if (!string.Equals(filter, Topics.For(args.ClientId, Topics.Commands), StringComparison.Ordinal))
        {
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            stats.DeviceRefused(DeviceRefusals.ForeignSubscription);
            IngestionLog.SubscriptionRefused(logger, args.ClientId, filter);
        }

        return Task.CompletedTask;
    }

    /// <summary>True for fleet/v1/boxes/{boxId}/ followed by one more level, with no wildcard.</summary>
    private static bool IsOwnTopic(string topic, string boxId) =>
        topic.Length > Topics.Prefix.Length + boxId.Length + 1
        && topic.StartsWith(Topics.Prefix, StringComparison.Ordinal)
        && topic.AsSpan(Topics.Prefix.Length).StartsWith(boxId, StringComparison.Ordinal)
        && topic[Topics.Prefix.Length + boxId.Length] == '/'
        && topic.AsSpan(Topics.Prefix.Length + boxId.Length + 1).IndexOfAny('/', '+', '#') < 0;

    private void Reject(string clientId, string topic, string reason, string detail)
    {
        IngestionLog.Rejected(logger, clientId, topic, reason, detail);
        stats.Rejected(new RejectionEntry(time.GetUtcNow(), topic, clientId, reason, detail));
    }
}
