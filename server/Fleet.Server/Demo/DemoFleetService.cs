using Fleet.Server.Boxes;
using Fleet.Server.Devices;
using Fleet.Server.Ingestion;
using Fleet.Simulator;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Demo;

/// <summary>
/// Runs the simulator's virtual boxes against the server's own broker, over real MQTT, so a
/// newcomer sees the whole path with one command. Starts once the broker listens. Its boxes get
/// their secrets in-process, as a factory would get them from the provisioning verb.
/// </summary>
internal sealed class DemoFleetService(
    IOptions<DemoOptions> demo,
    IOptions<MqttOptions> mqtt,
    BoxRegistry registry,
    DeviceCredentials credentials,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IHostedLifecycleService, IAsyncDisposable
{
    private FleetSimulation? _fleet;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var options = demo.Value;
        if (options.Boxes == 0)
        {
            return;
        }

        var simulation = new SimulationOptions
        {
            BrokerHost = "127.0.0.1",
            BrokerPort = mqtt.Value.Port,
            Boxes = options.Boxes,
            Speed = options.Speed,
            Start = ResumeTime(),
        };
        simulation.SecretFor = ProvisionSecrets(simulation);
        if (IsInFleet(simulation, options.FaultyBox))
        {
            simulation.Faults.Add(new ScheduledFault(options.FaultyBox, TimeSpan.FromMinutes(options.CoolingFailsAfterMinutes), FaultKind.CoolingFailure));
        }

        _fleet = new FleetSimulation(simulation, loggerFactory);
        await _fleet.StartAsync(cancellationToken).ConfigureAwait(false);
        DemoLog.Started(loggerFactory.CreateLogger<DemoFleetService>(), options.Boxes, options.Speed, options.FaultyBox, options.CoolingFailsAfterMinutes);
    }

    private Func<string, string?> ProvisionSecrets(SimulationOptions simulation)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i <= simulation.Boxes; i++)
        {
            var boxId = simulation.BoxId(i);
            secrets[boxId] = credentials.Issue(boxId).Secret;
        }

        return boxId => secrets.GetValueOrDefault(boxId);
    }

    private static bool IsInFleet(SimulationOptions simulation, string boxId)
    {
        for (var i = 1; i <= simulation.Boxes; i++)
        {
            if (simulation.BoxId(i) == boxId)
            {
                return true;
            }
        }

        return false;
    }

    // Demo clocks run ahead of real time, so a second demo on the same store would start behind
    // the first one's readings. It carries on from the latest stored reading instead.
    private DateTimeOffset ResumeTime()
    {
        var latest = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var box in registry.Snapshot())
        {
            foreach (var channel in box.Channels)
            {
                latest = Math.Max(latest, channel.DeviceTimeMs ?? 0);
            }
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(latest).AddSeconds(1);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_fleet is not null)
        {
            await _fleet.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync().ConfigureAwait(false);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
