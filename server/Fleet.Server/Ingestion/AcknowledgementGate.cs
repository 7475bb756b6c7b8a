using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Server.Ingestion;

/// <summary>
/// The embedded broker's packet hooks around <see cref="HeldAcknowledgements"/>: it notes which
/// QoS 1 publish is being read, and lets a held PUBACK out only once its publish is stored — with
/// the reason code of a refusal, or not at all (and the connection closed) when the store failed.
/// </summary>
public sealed class AcknowledgementGate(ILogger<AcknowledgementGate> logger)
{
    private Func<string, Task<bool>>? _disconnect;

    /// <summary>How the gate closes a connection whose publish could not be stored.</summary>
    public void CloseConnectionsWith(Func<string, Task<bool>> disconnect) => _disconnect = disconnect;

    public Task InterceptInboundAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is MqttPublishPacket { QualityOfServiceLevel: MqttQualityOfServiceLevel.AtLeastOnce } publish)
        {
            HeldAcknowledgements.Of(args.SessionItems).Reading(publish.PacketIdentifier);
        }

        return Task.CompletedTask;
    }

    public Task ClientConnectedAsync(ClientConnectedEventArgs args)
    {
        if (HeldAcknowledgements.Find(args.SessionItems) is { } held)
        {
            held.Failed = false;
        }

        return Task.CompletedTask;
    }

    public async Task InterceptOutboundAsync(InterceptingPacketEventArgs args)
    {
        if (args.Packet is not MqttPubAckPacket pubAck || HeldAcknowledgements.Find(args.SessionItems) is not { } held)
        {
            return;
        }

        // A PUBACK that was not held (its publish was settled before the broker read on) passes as it is.
        var outcome = IngestOutcome.Ignored;
        if (held.TryTake(pubAck.PacketIdentifier, out var ingest))
        {
            try
            {
                outcome = await ingest.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                IngestionLog.HeldIngestFailed(logger, args.ClientId, exception);
                outcome = IngestOutcome.StoreFailed;
            }
        }

        if (outcome == IngestOutcome.StoreFailed && !held.Failed)
        {
            held.Failed = true;
            // Not awaited: the send loop this runs on is what the disconnect stops.
            _ = _disconnect?.Invoke(args.ClientId);
        }

        if (held.Failed)
        {
            args.ProcessPacket = false;
            return;
        }

        pubAck.ReasonCode = PublishIngestor.ReasonCodeOf(outcome) ?? pubAck.ReasonCode;
    }
}
