using Fleet.Server.Devices;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Fleet.Server.Ingestion;

/// <summary>
/// The embedded MQTT broker (MQTTnet.Server). It starts after every other service has started
/// (store open, registry loaded, rule state rebuilt), so the first message already meets a
/// ready server, and it stops before them, so nothing arrives while they shut down. Every client
/// is a box and passes <see cref="DeviceGuard"/>; a box whose secret is rotated or revoked loses
/// its live session at once.
/// </summary>
public sealed class MqttBrokerService(
    DeviceGuard guard,
    AcknowledgementGate acknowledgements,
    DeviceCredentials credentials,
    IOptions<MqttOptions> options,
    ILogger<MqttBrokerService> logger) : IHostedLifecycleService, IMqttIngress, IDisposable
{
    /// <summary>
    /// The sender id of messages the server itself publishes into its broker (commands to boxes).
    /// '$' is not allowed in a box id, so no box can connect under it.
    /// </summary>
    public const string ServerSenderId = "$fleet-server";

    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    public int Port => options.Value.Port;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var factory = new MqttServerFactory();
        var builder = factory.CreateServerOptionsBuilder()
            .WithMaxPendingMessagesPerClient(settings.MaxPendingMessagesPerClient)
            .WithPersistentSessions(settings.PersistentSessions);
        if (settings.Tls.KeepPlainPort || !settings.Tls.Enabled)
        {
            builder.WithDefaultEndpoint().WithDefaultEndpointPort(settings.Port);
        }

        if (settings.Tls.Enabled)
        {
            builder.WithEncryptedEndpoint()
                .WithEncryptedEndpointPort(settings.Tls.Port)
                .WithEncryptionCertificate(TlsCertificate.Load(settings.Tls))
                .WithEncryptionSslProtocol(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        }

        _server = factory.CreateMqttServer(builder.Build());
        _server.ValidatingConnectionAsync += guard.ValidateConnectionAsync;
        _server.InterceptingPublishAsync += guard.InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += guard.InterceptSubscriptionAsync;
        _server.InterceptingInboundPacketAsync += acknowledgements.InterceptInboundAsync;
        _server.InterceptingOutboundPacketAsync += acknowledgements.InterceptOutboundAsync;
        _server.ClientConnectedAsync += acknowledgements.ClientConnectedAsync;
        var server = _server;
        acknowledgements.CloseConnectionsWith(clientId => DisconnectAsync(server, clientId, MqttDisconnectReasonCode.UnspecifiedError));
        credentials.Withdrawn += DropSession;
        await _server.StartAsync().ConfigureAwait(false);
        IngestionLog.BrokerStarted(logger, settings.Port);
        if (settings.Tls.Enabled)
        {
            IngestionLog.TlsStarted(logger, settings.Tls.Port);
        }
    }

    /// <summary>Publishes a command document to the box's command topic (QoS 1, not retained).</summary>
    public async Task SendCommandAsync(string boxId, byte[] command, CancellationToken cancellationToken)
    {
        var server = _server is { IsStarted: true } started ? started : throw new InvalidOperationException("The broker is not running.");
        var message = new MQTTnet.MqttApplicationMessageBuilder()
            .WithTopic(Fleet.Firmware.Protocol.Topics.For(boxId, Fleet.Firmware.Protocol.Topics.Commands))
            .WithPayload(command)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = ServerSenderId }, cancellationToken).ConfigureAwait(false);
    }

    private void DropSession(string boxId)
    {
        if (_server is not { IsStarted: true } server)
        {
            return;
        }

        _ = DropSessionAsync(server, boxId);
    }

    private async Task DropSessionAsync(MqttServer server, string boxId)
    {
        if (await DisconnectAsync(server, boxId, MqttDisconnectReasonCode.NotAuthorized).ConfigureAwait(false))
        {
            IngestionLog.SessionDropped(logger, boxId);
        }
    }

    /// <summary>Closes the connection of <paramref name="clientId"/>; false when it had none.</summary>
    private static async Task<bool> DisconnectAsync(MqttServer server, string clientId, MqttDisconnectReasonCode reason)
    {
        var disconnected = false;
        try
        {
            foreach (var client in await server.GetClientsAsync().ConfigureAwait(false))
            {
                if (string.Equals(client.Id, clientId, StringComparison.Ordinal))
                {
                    await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = reason }).ConfigureAwait(false);
                    disconnected = true;
                }
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or InvalidOperationException)
        {
            // The broker is stopping; the connection goes with it.
        }

        return disconnected;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        credentials.Withdrawn -= DropSession;
        if (_server is { IsStarted: true })
        {
            await _server.StopAsync().ConfigureAwait(false);
            IngestionLog.BrokerStopped(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _server?.Dispose();
}
