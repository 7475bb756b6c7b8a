using System.Text;
using Fleet.Firmware.Protocol;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>
/// A box as the server sees one: a real MQTT client publishing with QoS 1 under its box id, with
/// the box id as username and a secret the server issued as password.
/// </summary>
public sealed class TestBox : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private TestBox(string boxId, IMqttClient client)
    {
        BoxId = boxId;
        _client = client;
    }

    public string BoxId { get; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Provisions the box on <paramref name="server"/> (in-process) and connects it with its secret.</summary>
    public static async Task<TestBox> ConnectAsync(FleetServer server, string boxId, bool withLastWill = false)
    {
        var (box, result) = await TryConnectAsync(server.MqttPort, boxId, server.ProvisionBox(boxId), withLastWill: withLastWill).ConfigureAwait(false);
        return box ?? throw new InvalidOperationException($"The broker refused box {boxId}: {result}.");
    }

    /// <summary>
    /// Connects with the given credentials: <paramref name="userName"/> defaults to the box id; a null
    /// <paramref name="secret"/> connects without any. Throws when the broker refuses the connection.
    /// </summary>
    public static async Task<TestBox> ConnectAsync(int port, string boxId, string? secret, string? userName = null, MqttProtocolVersion protocol = MqttProtocolVersion.V311)
    {
        var (box, result) = await TryConnectAsync(port, boxId, secret, userName, protocol).ConfigureAwait(false);
        return box ?? throw new InvalidOperationException($"The broker refused box {boxId}: {result}.");
    }

    /// <summary>Connects, or returns null and the broker's CONNACK reason when it refuses.</summary>
    public static async Task<(TestBox? Box, MqttClientConnectResultCode Result)> TryConnectAsync(
        int port, string boxId, string? secret, string? userName = null, MqttProtocolVersion protocol = MqttProtocolVersion.V311, bool withLastWill = false)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(boxId)
            .WithCleanSession(true)
            .WithProtocolVersion(protocol)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (secret is not null)
        {
            builder.WithCredentials(userName ?? boxId, secret);
        }

        if (withLastWill)
        {
            // As a box does: the broker publishes "offline" for it if the connection drops.
            builder.WithWillTopic(Topics.For(boxId, Topics.Status))
                .WithWillPayload("""{"v":1,"state":"offline"}""")
                .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillRetain(true);
        }

        MqttClientConnectResultCode result;
        try
        {
            result = (await client.ConnectAsync(builder.Build()).ConfigureAwait(false)).ResultCode;
        }
        catch (MqttConnectingFailedException refused)
        {
            // MQTT 3.1.1 refusals surface as an exception whose message names the return code.
            result = Enum.GetValues<MqttClientConnectResultCode>().FirstOrDefault(code => refused.Message.Contains($"({code})", StringComparison.Ordinal), MqttClientConnectResultCode.UnspecifiedError);
        }

        if (result != MqttClientConnectResultCode.Success || !client.IsConnected)
        {
            client.Dispose();
            return (null, result);
        }

        return (new TestBox(boxId, client), result);
    }

    /// <summary>The underlying client, for tests of subscriptions and disconnects.</summary>
    public IMqttClient Client => _client;

    public Task<MqttClientPublishResult> PublishAsync(string kind, string payload, bool retain = false) =>
        PublishRawAsync(Topics.For(BoxId, kind), Encoding.UTF8.GetBytes(payload), retain);

    public Task<MqttClientPublishResult> PublishRawAsync(string topic, byte[] payload, bool retain = false) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());

    /// <summary>A status document declaring the compartments, as a box sends on connect.</summary>
    public Task<MqttClientPublishResult> PublishStatusAsync(params (string Channel, string Kind)[] compartments)
    {
        var list = string.Join(",", compartments.Select(c => $"{{\"n\":\"{c.Channel}\",\"kind\":\"{c.Kind}\"}}"));
        var status = $"{{\"v\":1,\"state\":\"online\",\"fw\":\"1.0.0\",\"t\":{DateTimeOffset.UtcNow.ToUnixTimeSeconds()},\"interval\":30,\"compartments\":[{list}]}}";
        return PublishAsync(Topics.Status, status, retain: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
    }
}
