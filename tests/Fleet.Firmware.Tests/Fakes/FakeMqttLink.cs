using System.Text;
using System.Text.Json;
using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>
/// Stands in for the MQTT client: connects when the "network" is up, records every publish with
/// its token, and lets the test decide when PUBACKs arrive.
/// </summary>
public sealed class FakeMqttLink : IMqttLink
{
    private int _nextToken = 1;

    public bool NetworkUp { get; set; } = true;

    public bool IsConnected { get; private set; }

    public int ConnectCalls { get; private set; }

    public string? WillTopic { get; private set; }

    public byte[]? WillPayload { get; private set; }

    public string? ClientId { get; private set; }

    public List<Published> Publishes { get; } = [];

    public bool Connect(string clientId, string willTopic, byte[] willPayload)
    {
        ConnectCalls++;
        ClientId = clientId;
        WillTopic = willTopic;
        WillPayload = willPayload;
        IsConnected = NetworkUp;
        return IsConnected;
    }

    public int Publish(string topic, byte[] payload, bool retain)
    {
        if (!IsConnected)
        {
            return -1;
        }

        var p = new Published(_nextToken++, topic, payload, retain);
        Publishes.Add(p);
        return p.Token;
    }

    public void Disconnect() => IsConnected = false;

    /// <summary>The network goes away under the client (no call into the firmware: it must notice).</summary>
    public void Drop()
    {
        NetworkUp = false;
        IsConnected = false;
    }

    public IEnumerable<Published> On(string kind) => Publishes.Where(p => p.Topic.EndsWith("/" + kind, StringComparison.Ordinal));

    public sealed record Published(int Token, string Topic, byte[] Payload, bool Retain)
    {
        public string Text => Encoding.UTF8.GetString(Payload);

        public JsonDocument Json() => JsonDocument.Parse(Payload);
    }
}
