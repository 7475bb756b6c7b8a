using System.Net;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.RealParts;

/// <summary>
/// A real influxd (Debian package influxdb, v1 HTTP API) on a free port, with its meta, data and
/// WAL in a temporary folder. It can be stopped and started again on the same port and data.
/// </summary>
public sealed class InfluxDaemon : IAsyncDisposable
{
    private readonly string _directory = FleetServer.NewDataDirectory();
    private readonly string _config;
    private RealProcess? _process;

    private InfluxDaemon()
    {
        Port = FleetServer.FreeTcpPort();
        var rpcPort = FleetServer.FreeTcpPort();
        _config = Path.Combine(_directory, "influxdb.conf");
        File.WriteAllText(_config, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpcPort}"
            [meta]
              dir = "{_directory}/meta"
              logging-enabled = false
            [data]
              dir = "{_directory}/data"
              wal-dir = "{_directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [continuous_queries]
              enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false
            """);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public static async Task<InfluxDaemon> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var daemon = new InfluxDaemon();
            try
            {
                await daemon.StartAgainAsync().ConfigureAwait(false);
                return daemon;
            }
            catch (InvalidOperationException exception) when (exception.Message.Contains("address already in use", StringComparison.Ordinal) && attempt < 3)
            {
                // Another process took a free port between the probe and influxd's bind: new ports.
                await daemon.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task StartAgainAsync()
    {
        var influxd = RealProcess.Binary("influxdb", "/usr/bin/influxd", "/usr/local/bin/influxd");
        _process = RealProcess.Start(influxd, "run", "-config", _config);
        await _process.WaitForPortAsync(Port, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = Url };
        await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync("/ping").ConfigureAwait(false)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            status => status == HttpStatusCode.NoContent,
            "influxd to answer /ping").ConfigureAwait(false);
    }

    /// <summary>
    /// Freezes influxd (SIGSTOP): the kernel still accepts its connections, but nothing answers —
    /// an InfluxDB that is reachable and slow. <see cref="ResumeAsync"/> lets it go on (SIGCONT).
    /// </summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        var id = _process?.Id ?? throw new InvalidOperationException("influxd is not running.");
        using var kill = System.Diagnostics.Process.Start("kill", $"-{signal} {id}");
        await kill.WaitForExitAsync().ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {id} failed with {kill.ExitCode}.");
        }
    }

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
