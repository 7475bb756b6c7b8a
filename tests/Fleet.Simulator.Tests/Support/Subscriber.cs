using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Simulator.Tests.Support;

/// <summary>An MQTT client that records every message on the filters it subscribed to, as the server's ingestion would see them.</summary>
public sealed class Subscriber : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private Subscriber(IMqttClient client) => _client = client;

    public ConcurrentQueue<(string Topic, byte[] Payload, bool Retain)> Messages { get; } = new();

    public static async Task<Subscriber> ConnectAsync(int port, params string[] filters)
    {
        var factory = new MqttClientFactory();
        var client = factory.CreateMqttClient();
        var subscriber = new Subscriber(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            subscriber.Messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-subscriber-" + Guid.NewGuid().ToString("N")).Build());
        var subscribe = factory.CreateSubscribeOptionsBuilder();
        foreach (var filter in filters)
        {
            subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await client.SubscribeAsync(subscribe.Build());
        return subscriber;
    }

    public async Task PublishAsync(string topic, string payload) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
