using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MQTTnet;
using MQTTnet.Protocol;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// Measures alert latency under load: one probe box publishes a chilled excursion that breaks the
/// (shortened) grace time, and a SignalR client subscribed to the fleet times publish → "alert".
/// The probe then publishes a cold reading, waits for the alert to resolve, and goes again.
/// </summary>
public sealed class AlertProbe : IAsyncDisposable
{
    /// <summary>The server runs with this grace, so two readings <see cref="ExcursionSpanMs"/> apart raise the alert.</summary>
    public const string GraceMinutes = "0.005";

    private const int ExcursionSpanMs = 400;
    /// <summary>The probe's box id, provisioned with the load boxes.</summary>
    public const string BoxId = "LP-0001";
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly HubConnection _hub;
    private readonly int _mqttPort;
    private readonly List<double> _latenciesMs = [];
    private TaskCompletionSource<string> _next = NewAnswer();
    private long _lastDeviceTimeMs;

    private readonly string _secret;

    public AlertProbe(Uri baseAddress, int mqttPort, string token, string secret)
    {
        _mqttPort = mqttPort;
        _secret = secret;
        _hub = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "/hubs/fleet"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        _hub.On<JsonElement>("alert", OnAlert);
    }

    public IReadOnlyList<double> LatenciesMs => _latenciesMs;

    /// <summary>Excursions whose alert did not arrive within the timeout.</summary>
    public int Missed { get; private set; }

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _hub.StartAsync(cancellationToken);
        await _hub.InvokeAsync("SubscribeFleet", cancellationToken);
        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _mqttPort).WithClientId(BoxId).WithCredentials(BoxId, _secret).Build(), cancellationToken);
        await PublishAsync(SenmlPayloads.StatusTopic(BoxId), SenmlPayloads.ChilledStatus(Now()), retain: true);
    }

    public async Task RunAsync(double probesPerSecond, CancellationToken stop)
    {
        var period = TimeSpan.FromSeconds(1 / probesPerSecond);
        while (!stop.IsCancellationRequested)
        {
            var cycle = Stopwatch.StartNew();
            await ProbeOnceAsync();
            var rest = period - cycle.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(rest, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private async Task ProbeOnceAsync()
    {
        // Device times only move forward, or the rule would discard the readings as out of order.
        var t = Math.Max(Now(), _lastDeviceTimeMs + ExcursionSpanMs + 2);
        _lastDeviceTimeMs = t + 1;

        _next = NewAnswer();
        var sent = Stopwatch.GetTimestamp();
        await PublishAsync(SenmlPayloads.TelemetryTopic(BoxId), SenmlPayloads.Readings(BoxId, t - ExcursionSpanMs, 2, ExcursionSpanMs, 12), retain: false);
        if (await AnswerAsync("open"))
        {
            _latenciesMs.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
        else
        {
            Missed++;
        }

        _next = NewAnswer();
        await PublishAsync(SenmlPayloads.TelemetryTopic(BoxId), SenmlPayloads.Readings(BoxId, t + 1, 1, 1, 2), retain: false);
        await AnswerAsync("resolved");
    }

    private async Task<bool> AnswerAsync(string state)
    {
        var answer = _next.Task;
        var done = await Task.WhenAny(answer, Task.Delay(AnswerTimeout));
        return done == answer && answer.Result == state;
    }

    private void OnAlert(JsonElement alert)
    {
        if (alert.TryGetProperty("boxId", out var box) && box.GetString() == BoxId && alert.TryGetProperty("state", out var state))
        {
            _next.TrySetResult(state.GetString() ?? "");
        }
    }

    private Task PublishAsync(string topic, byte[] payload, bool retain) =>
        _client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static TaskCompletionSource<string> NewAnswer() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
