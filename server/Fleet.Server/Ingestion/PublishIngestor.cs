using System.Buffers;
using Fleet.Server.Boxes;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Server.Ingestion;

/// <summary>
/// Ingests a publish inside the broker, before its QoS 1 acknowledgement: topic, decoding and
/// validation, registration, and a durable store. The broker sends the PUBACK only after this
/// returns, so a PUBACK is a receipt. When the store cannot commit, the client is disconnected
/// without a PUBACK: its session keeps the message in flight and it sends it again on reconnect.
/// </summary>
public sealed class PublishIngestor(
    IReadingStore store,
    BoxRegistry registry,
    IngestionStats stats,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<PublishIngestor> logger)
{
    private readonly IngestionOptions _options = options.Value;
    private readonly long _maxAgeMs = options.Value.MaxAgeDays > 0 ? options.Value.MaxAgeDays * 86_400_000L : long.MaxValue;

    public async Task InterceptAsync(InterceptingPublishEventArgs args)
    {
        var held = HeldAcknowledgements.Find(args.SessionItems);
        var packetId = held?.TakeReading() ?? -1;
        var ingest = IngestAsync(args.ApplicationMessage.Topic, args.ApplicationMessage.Payload, args.ClientId);
        // A pack that reached the store: hold its PUBACK instead of the broker's reading, so the
        // box's next publishes join the same group commit (AcknowledgementGate lets it out once stored).
        // Retained messages (a box's status) are still awaited, so a refused one is not retained.
        if (!ingest.IsCompleted && packetId >= 0 && !args.ApplicationMessage.Retain)
        {
            held!.Hold(packetId, ingest);
            return;
        }

        var outcome = await ingest.ConfigureAwait(false);
        if (outcome == IngestOutcome.StoreFailed)
        {
            // No PUBACK: closing the connection leaves the message unacknowledged in the client's
            // session, and a QoS 1 client sends it again when it reconnects (MQTT 3.1.1 §4.4).
            args.ProcessPublish = false;
            args.CloseConnection = true;
        }
        else if (ReasonCodeOf(outcome) is { } refusal)
        {
            // Still acknowledged (sending it again would not make it valid); MQTT 5 clients see why in the reason code.
            args.ProcessPublish = false;
            args.Response.ReasonCode = refusal;
        }
    }

    /// <summary>The PUBACK reason code of a refused publish; null for one stored or passed through.</summary>
    public static MqttPubAckReasonCode? ReasonCodeOf(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.BadTopic => MqttPubAckReasonCode.TopicNameInvalid,
        IngestOutcome.UnknownBox => MqttPubAckReasonCode.NotAuthorized,
        IngestOutcome.Invalid => MqttPubAckReasonCode.PayloadFormatInvalid,
        _ => null,
    };

    /// <summary>
    /// Ingests one publish from any transport (the embedded broker's interceptor, or the client of
    /// an external broker). Only <see cref="IngestOutcome.StoreFailed"/> must not be acknowledged.
    /// </summary>
    public async Task<IngestOutcome> IngestAsync(string? topic, ReadOnlySequence<byte> payload, string clientId)
    {
        if (topic is null || !BoxTopic.IsProtocolTopic(topic))
        {
            return IngestOutcome.Ignored;
        }

        stats.MessageReceived();
        if (!BoxTopic.TryParse(topic, out var boxTopic))
        {
            Reject(topic, null, new RecordRejection(-1, RejectReasons.BadTopic, "topics are fleet/v1/boxes/{boxId}/{telemetry|events|status}"));
            return IngestOutcome.BadTopic;
        }

        if (boxTopic.Kind == PackKind.Commands)
        {
            // The server's own commands to a box pass through untouched.
            return IngestOutcome.Ignored;
        }

        if (!_options.AutoRegisterBoxes && !registry.Contains(boxTopic.BoxId))
        {
            Reject(topic, boxTopic.BoxId, new RecordRejection(-1, RejectReasons.UnknownBox, $"box {boxTopic.BoxId} is not registered and automatic registration is off"));
            return IngestOutcome.UnknownBox;
        }

        try
        {
            var accepted = boxTopic.Kind == PackKind.Status
                ? await IngestStatusAsync(boxTopic.BoxId, topic, payload).ConfigureAwait(false)
                : await IngestPackAsync(boxTopic, topic, payload).ConfigureAwait(false);
            return accepted ? IngestOutcome.Stored : IngestOutcome.Invalid;
        }
        catch (StoreException exception)
        {
            stats.StoreFailed();
            IngestionLog.StoreFailed(logger, boxTopic.BoxId, topic, clientId, exception.InnerException ?? exception);
            return IngestOutcome.StoreFailed;
        }
    }

    private async Task<bool> IngestPackAsync(BoxTopic boxTopic, string topic, ReadOnlySequence<byte> payload)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        DecodedPack pack;
        try
        {
            pack = SenmlDecoder.Decode(payload, boxTopic.BoxId, boxTopic.Kind, now, _options.MaxClockAheadSeconds * 1000L, _maxAgeMs);
        }
        catch (Exception exception)
        {
            // A decoder fault must never take the broker down, nor make a box resend a poison message forever.
            IngestionLog.Unexpected(logger, topic, exception);
            Reject(topic, boxTopic.BoxId, new RecordRejection(-1, RejectReasons.Malformed, "the payload could not be decoded"));
            return false;
        }

        for (var i = 0; i < pack.Rejections.Count; i++)
        {
            Reject(topic, boxTopic.BoxId, pack.Rejections[i]);
        }

        if (pack.Readings.Count == 0 && pack.Events.Count == 0)
        {
            return pack.Rejections.Count == 0;
        }

        StoredBatch stored;
        try
        {
            await registry.EnsureRegisteredAsync(boxTopic.BoxId, CancellationToken.None).ConfigureAwait(false);
            stored = await store.WriteAsync(boxTopic.BoxId, pack.Readings, pack.Events, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw new StoreException(exception);
        }

        stats.Stored(stored.NewReadings.Count, stored.NewEvents.Count, stored.Duplicates);
        if (pack.Readings.Count > 0)
        {
            registry.ApplyReadings(boxTopic.BoxId, pack.Readings);
        }
        else
        {
            registry.Seen(boxTopic.BoxId);
        }

        return true;
    }

    private async Task<bool> IngestStatusAsync(string boxId, string topic, ReadOnlySequence<byte> payload)
    {
        var rejections = new List<RecordRejection>();
        BoxStatus? status;
        try
        {
            status = StatusDecoder.Decode(payload, rejections);
        }
        catch (Exception exception)
        {
            IngestionLog.Unexpected(logger, topic, exception);
            rejections.Add(new RecordRejection(-1, RejectReasons.Malformed, "the status could not be decoded"));
            status = null;
        }

        foreach (var rejection in rejections)
        {
            Reject(topic, boxId, rejection);
        }

        if (status is null)
        {
            return false;
        }

        try
        {
            await registry.ApplyStatusAsync(boxId, status, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw new StoreException(exception);
        }

        IngestionLog.StatusChanged(logger, boxId, status.Online ? "online" : "offline");
        return true;
    }

    private void Reject(string topic, string? boxId, RecordRejection rejection)
    {
        IngestionLog.Rejected(logger, boxId, topic, rejection.Reason, rejection.Detail);
        stats.Rejected(new RejectionEntry(time.GetUtcNow(), topic, boxId, rejection.Reason, rejection.Detail));
    }

    private sealed class StoreException(Exception inner) : Exception("The store could not commit the message.", inner);
}
