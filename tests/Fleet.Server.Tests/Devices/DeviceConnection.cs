using Fleet.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;

namespace Fleet.Server.Tests.Devices;

/// <summary>Connects a would-be box with MQTT 5, so a refusal comes back with its exact CONNACK reason.</summary>
internal static class DeviceConnection
{
    /// <summary>The reason the broker refused the connection; fails the test when it was accepted.</summary>
    public static async Task<MqttClientConnectResultCode> RefusalAsync(int port, string clientId, string? secret, string? userName = null)
    {
        var (box, result) = await TestBox.TryConnectAsync(port, clientId, secret, userName, MqttProtocolVersion.V500);
        if (box is not null)
        {
            await box.DisposeAsync();
            Assert.Fail($"The broker accepted client {clientId} (username {userName ?? clientId}).");
        }

        return result;
    }
}
