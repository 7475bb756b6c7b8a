using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.RealParts;

/// <summary>
/// A real mosquitto (Debian package) on a free port with persistence in a temporary folder, so a
/// persistent session's queued QoS 1 messages survive the broker's own restart.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly string _directory = FleetServer.NewDataDirectory();
    private readonly string _config;
    private RealProcess? _process;

    private MosquittoBroker()
    {
        Port = FleetServer.FreeTcpPort();
        // Started as root, mosquitto drops to its own user, which must still write its persistence file here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_directory, (UnixFileMode)0b111_111_111);
        }

        _config = Path.Combine(_directory, "mosquitto.conf");
        // The queue limit is raised far above mosquitto's default of 1,000 per client, past which
        // it silently drops a persistent subscriber's messages (docs/operations.md).
        File.WriteAllText(_config, $"""
            per_listener_settings false
            allow_anonymous true
            listener {Port} 127.0.0.1
            persistence true
            persistence_location {_directory}/
            autosave_interval 1
            max_queued_messages 1000000
            max_inflight_messages 100
            log_dest stdout
            log_type error
            log_type warning
            """);
    }

    public int Port { get; }

    public static async Task<MosquittoBroker> StartAsync()
    {
        var broker = new MosquittoBroker();
        await broker.StartAgainAsync().ConfigureAwait(false);
        return broker;
    }

    public async Task StartAgainAsync()
    {
        var mosquitto = RealProcess.Binary("mosquitto", "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");
        _process = RealProcess.Start(mosquitto, "-c", _config);
        await _process.WaitForPortAsync(Port, TimeSpan.FromSeconds(20)).ConfigureAwait(false);
    }

    /// <summary>A graceful stop: mosquitto writes its persistence file on SIGTERM.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.TerminateAsync().ConfigureAwait(false);
            _process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        FleetServer.TryDelete(_directory);
    }
}
