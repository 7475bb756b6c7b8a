using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Fleet.Benchmarks.Load;

/// <summary>
/// The real Fleet server as a child process (`dotnet Fleet.Server.dll`), embedded broker and SQLite
/// in a fresh temp folder, on free ports. A separate process keeps its CPU and memory apart from the
/// load generator's, so /proc can measure them honestly.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private Process _process = null!;

    private ServerProcess(IReadOnlyList<string> arguments, string dataDirectory, int httpPort, int mqttPort, string adminToken)
    {
        AdminToken = adminToken;
        _arguments = arguments;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        MqttPort = mqttPort;
    }

    public string DataDirectory { get; }

    /// <summary>An admin's API token, made with the server's own users add and tokens create commands.</summary>
    public string AdminToken { get; }

    public Uri BaseAddress { get; }

    public int MqttPort { get; }

    /// <summary>CPU and memory of the running server process (a new one after <see cref="Launch"/>).</summary>
    public ProcessMeter Meter { get; private set; } = null!;

    /// <summary>Each line the server writes (standard output and error), as it comes.</summary>
    public event Action<string>? Output;

    /// <summary>The MQTT secrets of the boxes provisioned before the start, by box id.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; private set; } = new Dictionary<string, string>();

    /// <summary>From process start until GET /health answered 200.</summary>
    public TimeSpan TimeToReady { get; private set; }

    public static string ServerAssembly =>
        typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FleetServerAssembly").Value!;

    private static async Task<string> CreateAdminTokenAsync(string dataDirectory)
    {
        var storage = $"--Storage:DataDirectory={dataDirectory}";
        var password = new StringReader("load-" + Guid.NewGuid().ToString("N"));
        if (await Fleet.Server.Access.AccessCommands.RunAsync(["users", "add", "load-admin", "--role", "admin", storage], password, TextWriter.Null, Console.Error) != 0)
        {
            throw new InvalidOperationException("Could not add the load harness's admin.");
        }

        var secret = new StringWriter();
        return await Fleet.Server.Access.AccessCommands.RunAsync(["tokens", "create", "load-admin", "--name", "load", storage], TextReader.Null, secret, Console.Error) == 0
            ? secret.ToString().Trim()
            : throw new InvalidOperationException("Could not create the load harness's token.");
    }

    /// <summary>
    /// Starts the server after provisioning <paramref name="boxes"/> with its own <c>devices provision</c>
    /// verb, as a factory would; their secrets are in <see cref="Secrets"/>.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IEnumerable<string> settings, IReadOnlyList<string> boxes, CancellationToken cancellationToken)
    {
        var assembly = ServerAssembly;
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("Build the server first (building this project does).", assembly);
        }

        var dataDirectory = Directory.CreateTempSubdirectory("fleet-load-").FullName;
        var adminToken = await CreateAdminTokenAsync(dataDirectory);
        var secrets = await ProvisionAsync(assembly, dataDirectory, boxes, cancellationToken);
        var (httpPort, mqttPort) = (FreeTcpPort(), FreeTcpPort());
        var server = new ServerProcess(
            [
                assembly,
                $"--urls=http://127.0.0.1:{httpPort}",
                $"--Mqtt:Port={mqttPort}",
                $"--Storage:DataDirectory={dataDirectory}",
                "--Logging:LogLevel:Default=Warning",
                // The alert probe raises an alert a second; their warnings would bury the figures.
                "--Logging:LogLevel:Fleet.Server.Rules=Error",
                .. settings,
            ],
            dataDirectory,
            httpPort,
            mqttPort,
            adminToken) { Secrets = secrets };
        var clock = server.Launch();
        await server.WaitUntilReadyAsync(clock, cancellationToken);
        return server;
    }

    /// <summary>
    /// Starts the server process (again, after <see cref="StopAsync"/>: same store, ports and
    /// settings) and returns the clock started just before it, for timing its start-up.
    /// </summary>
    public Stopwatch Launch(IEnumerable<string>? moreSettings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(_arguments[0])!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in _arguments.Concat(moreSettings ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // The server's own log goes to ours, prefixed, so a failure to start explains itself.
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
        Meter = new ProcessMeter(process.Id);
        return clock;
    }

    private void OnOutput(string? line)
    {
        if (line is not null)
        {
            Console.Error.WriteLine("[server] " + line);
            Output?.Invoke(line);
        }
    }

    private static async Task<Dictionary<string, string>> ProvisionAsync(string assembly, string dataDirectory, IReadOnlyList<string> boxes, CancellationToken cancellationToken)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (boxes.Count == 0)
        {
            return secrets;
        }

        var csv = Path.Combine(dataDirectory, "secrets.csv");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(assembly)!, RedirectStandardOutput = true, RedirectStandardError = true };
        // One transaction per box: without an fsync each (a throwaway store), 10,000 boxes take seconds, not a minute.
        foreach (var argument in (string[])[assembly, "devices", "provision", .. boxes, "--out", csv, $"--Storage:DataDirectory={dataDirectory}", "--Storage:Synchronous=NORMAL"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"devices provision exited with {process.ExitCode}: {await errors}");
        }

        foreach (var line in await File.ReadAllLinesAsync(csv, cancellationToken))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && !line.StartsWith("box_id,", StringComparison.Ordinal))
            {
                secrets[line[..comma]] = line[(comma + 1)..];
            }
        }

        return secrets;
    }

    /// <summary>Stops the server as an operator would (SIGTERM), so everything queued is committed.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>Waits for GET /health to answer 200 and sets <see cref="TimeToReady"/> from <paramref name="clock"/>.</summary>
    public async Task WaitUntilReadyAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeSpan.FromSeconds(60);
        while (clock.Elapsed < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    TimeToReady = clock.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("The server was not ready within 60 s.");
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
