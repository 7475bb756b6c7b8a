using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Fleet.Firmware.Hardware;
using Fleet.Firmware.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Simulator.Mqtt;

/// <summary>
/// <see cref="IMqttLink"/> over an MQTTnet client. The firmware is single-threaded and must never wait
/// on the network, so connecting and publishing run in the background and their outcomes (PUBACKs,
/// commands) are queued in <see cref="Inbox"/>, which the box's step loop drains on its own thread.
/// A network drop disposes the client without DISCONNECT, so the broker publishes the last will,
/// exactly as when a real box drives out of coverage.
/// </summary>
internal sealed class MqttNetLink(string host, int port, string? secret, X509Certificate2Collection? trustChain, ILogger logger) : IMqttLink, IDisposable
{
    private static readonly MqttClientFactory Factory = new();
    private readonly Lock _gate = new();
    private IMqttClient? _client;
    private Task? _connecting;
    private int _nextToken;
    private bool _networkUp = true;
    private bool _sessionUp;
    private bool _disposed;

    /// <summary>PUBACKs and commands waiting for the step loop.</summary>
    public ConcurrentQueue<LinkEvent> Inbox { get; } = new();

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _sessionUp && _client is { IsConnected: true };
            }
        }
    }

    /// <summary>Cuts or restores the network. Cutting drops the session without a DISCONNECT.</summary>
    public bool NetworkUp
    {
        get
        {
            lock (_gate)
            {
                return _networkUp;
            }
        }

        set
        {
            lock (_gate)
            {
                _networkUp = value;
                if (!value)
                {
                    AbortLocked();
                }
            }
        }
    }

    public bool Connect(string clientId, string willTopic, byte[] willPayload)
    {
        lock (_gate)
        {
            if (_disposed || !_networkUp)
            {
                return false;
            }

            if (_sessionUp && _client is { IsConnected: true })
            {
                return true;
            }

            if (_connecting is { IsCompleted: false })
            {
                return false;
            }

            AbortLocked();
            var client = Factory.CreateMqttClient();
            _client = client;
            _connecting = Task.Run(() => ConnectAsync(client, clientId, willTopic, willPayload));
            return false;
        }
    }

    public int Publish(string topic, byte[] payload, bool retain)
    {
        IMqttClient client;
        int token;
        lock (_gate)
        {
            if (!_sessionUp || _client is not { IsConnected: true })
            {
                return -1;
            }

            client = _client;
            token = ++_nextToken;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        // Started here, on the box's step thread, so packets leave in the order the firmware
        // publishes them (a status before the readings it declares), as they do on the device;
        // only the wait for the PUBACK runs in the background.
        _ = AwaitAcknowledgementAsync(client.PublishAsync(message), token, topic);
        return token;
    }

    private async Task AwaitAcknowledgementAsync(Task<MqttClientPublishResult> publishing, int token, string topic)
    {
        try
        {
            var result = await publishing.ConfigureAwait(false);
            if (result.IsSuccess)
            {
                Inbox.Enqueue(LinkEvent.Ack(token));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // No PUBACK: the firmware keeps the pack queued and sends it again.
            logger.LogDebug(ex, "Publish {Token} to {Topic} failed", token, topic);
        }
    }

    public void Disconnect()
    {
        IMqttClient? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
            _sessionUp = false;
        }

        if (client is not null)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await client.DisconnectAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    logger.LogDebug(ex, "Disconnect failed");
                }
                finally
                {
                    client.Dispose();
                }
            });
        }
    }

    /// <summary>Drops the connection as a power cut would: no DISCONNECT, so the broker sends the will.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            AbortLocked();
        }
    }

    private async Task ConnectAsync(IMqttClient client, string clientId, string willTopic, byte[] willPayload)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithWillTopic(willTopic)
            .WithWillPayload(willPayload)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (trustChain is not null)
        {
            builder.WithTlsOptions(tls => tls.UseTls().WithTargetHost(host).WithTrustChain(trustChain));
        }

        if (secret is not null)
        {
            // A box's username is its id, as the server's broker requires.
            builder.WithCredentials(clientId, secret);
        }

        var options = builder.Build();
        client.ApplicationMessageReceivedAsync += e =>
        {
            Inbox.Enqueue(LinkEvent.CommandReceived(e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };

        try
        {
            await client.ConnectAsync(options).ConfigureAwait(false);
            var subscribe = Factory.CreateSubscribeOptionsBuilder()
                .WithTopicFilter(Topics.For(clientId, Topics.Commands), MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await client.SubscribeAsync(subscribe).ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(_client, client))
                {
                    _sessionUp = true;
                    return;
                }
            }

            client.Dispose(); // aborted while connecting
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "{BoxId} could not connect to {Host}:{Port}", clientId, host, port);
            lock (_gate)
            {
                if (ReferenceEquals(_client, client))
                {
                    _client = null;
                }
            }

            client.Dispose();
        }
    }

    private void AbortLocked()
    {
        _sessionUp = false;
        if (_client is { } client)
        {
            _client = null;
            client.Dispose();
        }
    }
}
