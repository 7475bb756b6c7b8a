using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// One box publishing QoS 1 telemetry as fast as the broker acknowledges it, with up to
/// <c>window</c> publishes in flight: waiting for each PUBACK before the next would measure the
/// round trip, not the throughput. Device times rise by 1 ms a reading, so every reading is new.
/// </summary>
public sealed class LoadPublisher(string boxId, int port, int window, int readingsPerMessage, long firstDeviceTimeMs, string? secret = null) : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private long _nextDeviceTimeMs = firstDeviceTimeMs;
    private long _acknowledged;
    private long _failed;

    public string BoxId { get; } = boxId;

    /// <summary>Messages the broker acknowledged with success.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Messages not acknowledged, or acknowledged with an error reason.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public async Task ConnectAsync(bool declareChilled, CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(BoxId)
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(30));
        if (secret is not null)
        {
            builder.WithCredentials(BoxId, secret);
        }

        await _client.ConnectAsync(builder.Build(), cancellationToken);
        if (declareChilled)
        {
            await _client.PublishAsync(
                new MqttApplicationMessageBuilder()
                    .WithTopic(SenmlPayloads.StatusTopic(BoxId))
                    .WithPayload(SenmlPayloads.ChilledStatus(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithRetainFlag()
                    .Build(),
                cancellationToken);
        }
    }

    /// <summary>Publishes until <paramref name="stop"/> fires, then waits for every publish in flight.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(window, window);
        var topic = SenmlPayloads.TelemetryTopic(BoxId);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var payload = SenmlPayloads.Readings(BoxId, _nextDeviceTimeMs, readingsPerMessage, 1, 4 + (_nextDeviceTimeMs % 20) / 10.0);
            _nextDeviceTimeMs += readingsPerMessage;
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            _ = PublishOneAsync(message, slots);
        }

        // Drain: every slot back means every publish has its answer.
        for (var i = 0; i < window; i++)
        {
            await slots.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private async Task PublishOneAsync(MqttApplicationMessage message, SemaphoreSlim slots)
    {
        try
        {
            var result = await _client.PublishAsync(message, CancellationToken.None);
            Interlocked.Increment(ref result.IsSuccess ? ref _acknowledged : ref _failed);
        }
        catch (Exception)
        {
            // A publish without an answer is counted, never retried: the run measures, it does not heal.
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            slots.Release();
        }
    }
}
