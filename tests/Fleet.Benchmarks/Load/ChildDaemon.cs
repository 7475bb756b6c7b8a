using System.Diagnostics;
using System.Net.Sockets;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// A third-party server the harness runs beside Fleet (mosquitto, influxd): its own process and temp
/// folder, on a free port, stopped with SIGTERM and its folder removed when disposed.
/// </summary>
public sealed class ChildDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ChildDaemon(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// Writes <paramref name="config"/> (given the temp folder and the port) to a file in a new temp
    /// folder, starts <paramref name="binary"/> with <paramref name="arguments"/> (where "{config}"
    /// stands for that file) and waits until the port accepts connections.
    /// </summary>
    public static async Task<ChildDaemon> StartAsync(string binary, string configName, Func<string, int, string> config, string[] arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException($"{binary} is needed for this mode (apt-get install {Path.GetFileName(binary)}).", binary);
        }

        var directory = Directory.CreateTempSubdirectory("fleet-load-daemon-").FullName;
        var port = ServerProcess.FreeTcpPort();
        var configFile = Path.Combine(directory, configName);
        await File.WriteAllTextAsync(configFile, config(directory, port), cancellationToken);
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument.Replace("{config}", configFile, StringComparison.Ordinal));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
        var name = Path.GetFileName(binary);
        // Its output only matters when it fails; it is read so the pipes never fill.
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new ChildDaemon(process, directory, port);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                await daemon.DisposeAsync();
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {string.Join('\n', log.TakeLast(20))}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port, cancellationToken);
                return daemon;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
