using Microsoft.Extensions.Options;
using MQTTnet.Server;

namespace Fleet.Server.Ingestion;

/// <summary>
/// The embedded MQTT broker (MQTTnet.Server). It starts after every other service has started
/// (store open, registry loaded, rule state rebuilt), so the first message already meets a
/// ready server, and it stops before them, so nothing arrives while they shut down.
/// </summary>
public sealed class MqttBrokerService(
    PublishIngestor ingestor,
    IOptions<MqttOptions> options,
    ILogger<MqttBrokerService> logger) : IHostedLifecycleService, IMqttIngress, IDisposable
{
    private MqttServer? _server;

    public bool IsRunning => _server?.IsStarted == true;

    public int Port => options.Value.Port;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var factory = new MqttServerFactory();
        var serverOptions = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(settings.Port)
            .WithMaxPendingMessagesPerClient(settings.MaxPendingMessagesPerClient)
            .WithPersistentSessions(settings.PersistentSessions)
            .Build();
        _server = factory.CreateMqttServer(serverOptions);
        _server.InterceptingPublishAsync += ingestor.InterceptAsync;
        await _server.StartAsync().ConfigureAwait(false);
        IngestionLog.BrokerStarted(logger, settings.Port);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
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
