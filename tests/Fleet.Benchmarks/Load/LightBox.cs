using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// A box as the fleet has them: one MQTT connection with its own credentials, a status declaring
/// c1 chilled and c2 frozen, and one QoS 1 pack every interval (c1, c2 and the ambient probe),
/// waiting for each PUBACK as the firmware does.
/// </summary>
public sealed class LightBox(string boxId, string? secret, int port) : IAsyncDisposable
{
    /// <summary>Records in each live pack: c1, c2 and ambient.</summary>
    public const int ReadingsPerPack = 3;

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private long _acknowledged;
    private long _failed;
    private int _sequence;

    public string BoxId { get; } = boxId;

    public bool IsConnected => _client.IsConnected;

    /// <summary>CONNECT → CONNACK of the successful attempt (the broker and the device credential check).</summary>
    public TimeSpan ConnectTime { get; private set; }

    /// <summary>The retained status's PUBLISH → PUBACK after connecting (the server records it durably first).</summary>
    public TimeSpan StatusTime { get; private set; }

    /// <summary>Packs the broker acknowledged with success.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Packs not acknowledged, or acknowledged with an error reason.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Connects (by default with one retry after a refusal or timeout) and publishes the retained status; false when it could not.</summary>
    public async Task<bool> ConnectAsync(int intervalSeconds, TimeSpan timeout, CancellationToken cancellationToken, int attempts = 2)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(BoxId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(Math.Max(15, 2 * intervalSeconds)))
            .WithTimeout(timeout);
        if (secret is not null)
        {
            builder.WithCredentials(BoxId, secret);
        }

        var options = builder.Build();
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await _client.ConnectAsync(options, cancellationToken);
                ConnectTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                started = System.Diagnostics.Stopwatch.GetTimestamp();
                var accepted = await PublishAsync(SenmlPayloads.StatusTopic(BoxId), SenmlPayloads.TwoCompartmentStatus(Now(), intervalSeconds), retain: true);
                StatusTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                return accepted;
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Adapter.MqttConnectingFailedException
                && !cancellationToken.IsCancellationRequested && attempt < attempts)
            {
                await Task.Delay(1000, cancellationToken);
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Adapter.MqttConnectingFailedException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// After <paramref name="phase"/>, one pack of the current readings every <paramref name="interval"/>
    /// (on a fixed schedule, not drifting with the PUBACK time) until <paramref name="stop"/> fires.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, TimeSpan phase, CancellationToken stop)
    {
        var next = DateTimeOffset.UtcNow + phase;
        var topic = SenmlPayloads.TelemetryTopic(BoxId);
        while (true)
        {
            var wait = next - DateTimeOffset.UtcNow;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            var n = _sequence++;
            var payload = SenmlPayloads.Samples(BoxId, Now(), 1, 0, _ => (4 + (n % 20) / 10.0, -20 - (n % 15) / 10.0, 21 + (n % 10) / 10.0));
            if (await PublishAsync(topic, payload, retain: false))
            {
                Interlocked.Increment(ref _acknowledged);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }

            next += interval;
        }
    }

    /// <summary>Publishes QoS 1 and waits for the PUBACK; false for a failed or refused publish (counted by the caller).</summary>
    public async Task<bool> PublishAsync(string topic, byte[] payload, bool retain)
    {
        try
        {
            var result = await _client.PublishAsync(
                new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(),
                CancellationToken.None);
            return result.IsSuccess;
        }
        catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // Gone already.
        }

        _client.Dispose();
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
