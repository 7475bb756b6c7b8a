using System.Buffers;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Server.Ingestion;

/// <summary>
/// Ingestion from an external broker (Mosquitto, EMQX): a client with a persistent session
/// (clean session off, fixed client id) and a QoS 1 subscription to fleet/v1/boxes/+/+, so what the
/// boxes publish while the server is down waits in the broker. Each message is acknowledged by hand
/// (AutoAcknowledge off) only after the store has committed it; the acknowledgements go out in
/// arrival order. When the store fails, the client disconnects without acknowledging, and the
/// broker delivers the unacknowledged messages again on reconnect (the store drops duplicates).
/// At most <see cref="ExternalBrokerOptions.MaxUnacknowledged"/> messages are held between receipt
/// and acknowledgement: at the limit the handler waits for the oldest to be acknowledged, so no
/// further message enters the ingestor (the broker's in-flight window is not relied on: mosquitto
/// 2.0 exceeds it under load and when a session resumes, docs/performance.md).
/// </summary>
public sealed class ExternalBrokerClient(
    PublishIngestor ingestor,
    IngestionStats stats,
    IOptions<MqttOptions> options,
    ILogger<ExternalBrokerClient> logger) : IHostedLifecycleService, IMqttIngress, IAsyncDisposable
{
    public const string Subscription = "fleet/v1/boxes/+/+";

    private readonly ExternalBrokerOptions _settings = options.Value.External;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _disconnected = new(0, 1);
    private readonly SemaphoreSlim _unacknowledged = new(Math.Max(1, options.Value.External.MaxUnacknowledged));
    private volatile bool _subscribed;
    private Task _lastAck = Task.CompletedTask;
    private Task? _supervisor;

    // Ingesting means subscribed: a connected client without its subscription receives nothing.
    public bool IsRunning => _client.IsConnected && _subscribed;

    public int Port => _settings.Port;

    /// <summary>
    /// Publishes the command through the server's own connection, QoS 1: the broker has it once this
    /// returns and delivers it to the box's session (now, or when the box returns with its session).
    /// The server's broker account needs write access to fleet/v1/boxes/+/commands (docs/security.md).
    /// </summary>
    public async Task SendCommandAsync(string boxId, byte[] command, CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            throw new InvalidOperationException($"The server is not connected to the broker at {_settings.Host}:{_settings.Port}.");
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Fleet.Firmware.Protocol.Topics.For(boxId, Fleet.Firmware.Protocol.Topics.Commands))
            .WithPayload(command)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        MqttClientPublishResult result;
        try
        {
            result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            throw new InvalidOperationException($"The broker at {_settings.Host}:{_settings.Port} did not take the command: {exception.Message}", exception);
        }

        // MQTT 3.1.1 has no reason in a PUBACK: a broker whose ACL denies the topic acknowledges and drops.
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"The broker refused the command: {result.ReasonCode} {result.ReasonString}");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every other service has started, like the embedded broker: the first message meets a ready server.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += _ =>
        {
            if (_disconnected.CurrentCount == 0)
            {
                _disconnected.Release();
            }

            return Task.CompletedTask;
        };
        await TryConnectAsync().ConfigureAwait(false);
        _supervisor = Task.Run(SuperviseAsync, CancellationToken.None);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_supervisor is not null)
        {
            await _supervisor.ConfigureAwait(false);
        }

        // A clean DISCONNECT keeps the session: what is not acknowledged yet is delivered again later.
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
        }

        await _lastAck.ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        args.AutoAcknowledge = false;
        // The client hands over one message at a time and waits for this handler: while it waits
        // here, nothing more is taken into the ingestor (what the broker has already written waits
        // in the socket and in the client's packet queue as raw packets).
        try
        {
            await _unacknowledged.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // Stopping: not acknowledged, so the broker delivers it again to the next start.
        }

        stats.ExternalTaken();
        // The payload is copied: the client may reuse its buffer once this handler returns, and the
        // handler returns without waiting for the store so the next message can join the same group commit.
        var payload = new ReadOnlySequence<byte>(args.ApplicationMessage.Payload.ToArray());
        var ingest = ingestor.IngestAsync(args.ApplicationMessage.Topic, payload, args.ClientId);
        _lastAck = AcknowledgeInOrderAsync(args, ingest, _lastAck);
    }

    private async Task AcknowledgeInOrderAsync(MqttApplicationMessageReceivedEventArgs args, Task<IngestOutcome> ingest, Task previous)
    {
        try
        {
            var outcome = await ingest.ConfigureAwait(false);
            await previous.ConfigureAwait(false);
            if (outcome == IngestOutcome.StoreFailed)
            {
                // Not acknowledged; reconnecting makes the broker deliver it again.
                await DisconnectQuietlyAsync().ConfigureAwait(false);
                return;
            }

            await args.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The connection is gone: the broker still holds the message and delivers it again.
            IngestionLog.AcknowledgeFailed(logger, exception.Message);
        }
        finally
        {
            stats.ExternalAcknowledged();
            _unacknowledged.Release();
        }
    }

    private async Task SuperviseAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            if (!_client.IsConnected && !await TryConnectAsync().ConfigureAwait(false))
            {
                await Task.Delay(_settings.ReconnectMilliseconds, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                continue;
            }

            await _disconnected.WaitAsync(TimeSpan.FromSeconds(1), _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryConnectAsync()
    {
        _subscribed = false;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId(_settings.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (_settings.Username.Length > 0)
        {
            builder.WithCredentials(_settings.Username, _settings.Password);
        }

        try
        {
            var result = await _client.ConnectAsync(builder.Build(), _stopping.Token).ConfigureAwait(false);
            var topic = _settings.SharedGroup.Length > 0 ? $"$share/{_settings.SharedGroup}/{Subscription}" : Subscription;
            // Subscribing again on a present session is harmless and repairs a session the broker lost.
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), _stopping.Token).ConfigureAwait(false);
            _subscribed = true;
            IngestionLog.ExternalConnected(logger, _settings.Host, _settings.Port, _settings.ClientId, topic, result.IsSessionPresent);
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (!_stopping.IsCancellationRequested)
            {
                IngestionLog.ExternalUnreachable(logger, _settings.Host, _settings.Port, exception.Message);
            }

            return false;
        }
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            IngestionLog.AcknowledgeFailed(logger, exception.Message);
        }
    }
}
