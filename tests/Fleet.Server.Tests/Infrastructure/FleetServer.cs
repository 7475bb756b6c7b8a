using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using Fleet.Server.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>
/// The real server, started through its own entry point (Program.cs, with command-line arguments)
/// on a thread of the test process: HTTP on a port the OS picks, MQTT on a free port, SQLite in a
/// temporary folder. The built host is caught through the "Microsoft.Extensions.Hosting"
/// diagnostic events (as WebApplicationFactory does), which gives the test its addresses and
/// services and a way to stop it. <see cref="Http"/> carries an admin's API token, made through
/// the same service as the <c>users add</c> and <c>tokens create</c> commands; other users' clients
/// come from <see cref="ClientForAsync"/>.
/// </summary>
public sealed class FleetServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly IHost _host;
    private readonly Task _exited;
    private readonly bool _ownsDataDirectory;
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);

    /// <summary>The admin every harness server has.</summary>
    public const string AdminName = "test-admin";

    private readonly List<HttpClient> _clients = [];

    private FleetServer(IHost host, Task exited, Uri httpAddress, int mqttPort, string dataDirectory, bool ownsDataDirectory, string adminToken)
    {
        _host = host;
        _exited = exited;
        _ownsDataDirectory = ownsDataDirectory;
        HttpAddress = httpAddress;
        MqttPort = mqttPort;
        DataDirectory = dataDirectory;
        AdminToken = adminToken;
        Http = ClientWithToken(adminToken);
    }

    /// <summary>The bearer token of <see cref="Http"/>, for SignalR connections and the like.</summary>
    public string AdminToken { get; }

    public Uri HttpAddress { get; }

    public int MqttPort { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a server. Pass <paramref name="dataDirectory"/> to reuse a store (it is then not deleted).</summary>
    public static async Task<FleetServer> StartAsync(string? dataDirectory = null, params string[] settings)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        for (var attempt = 1; ; attempt++)
        {
            var mqttPort = FreeTcpPort();
            string[] args =
            [
                // Named after the server, not the test host, so the dashboard's static assets resolve.
                "--applicationName=Fleet.Server",
                "--Urls=http://127.0.0.1:0",
                $"--Mqtt:Port={mqttPort}",
                $"--Storage:DataDirectory={dataDirectory}",
                "--Logging:LogLevel:Default=Warning",
                .. settings,
            ];

            try
            {
                var (host, exited) = await RunEntryPointAsync(args).ConfigureAwait(false);
                var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
                var adminToken = await CreateTokenAsync(host.Services.GetRequiredService<UserAdministration>(), AdminName, FleetClaims.AdminRole, null, []).ConfigureAwait(false);
                return new FleetServer(host, exited, new Uri(addresses.First()), mqttPort, dataDirectory, owns, adminToken);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 3)
            {
                // Another process took the free port between the probe and the broker's bind.
            }
        }
    }

    /// <summary>Runs Program's entry point and returns once the host has started, or throws what stopped it.</summary>
    public static async Task<(IHost Host, Task Exited)> RunEntryPointAsync(string[] args)
    {
        var entryPoint = typeof(Program).Assembly.EntryPoint ?? throw new InvalidOperationException("Fleet.Server has no entry point.");
        var built = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            using var capture = new HostCapture(Environment.CurrentManagedThreadId, built);
            try
            {
                entryPoint.Invoke(null, [args]);
                exited.TrySetResult();
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                built.TrySetException(exception.InnerException);
                exited.TrySetException(exception.InnerException);
            }
            catch (Exception exception)
            {
                built.TrySetException(exception);
                exited.TrySetException(exception);
            }
        })
        { IsBackground = true, Name = "Fleet.Server" };
        thread.Start();

        var host = await built.Task.WaitAsync(StartTimeout).ConfigureAwait(false);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
        var first = await Task.WhenAny(started.Task, exited.Task).WaitAsync(StartTimeout).ConfigureAwait(false);
        await first.ConfigureAwait(false);
        if (first == exited.Task)
        {
            throw new InvalidOperationException("The server stopped while starting.");
        }

        return (host, exited.Task);
    }

    public static string NewDataDirectory() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fleet-server-tests", Guid.NewGuid().ToString("N"))).FullName;

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public T GetRequiredService<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>A client with an API token of <paramref name="name"/>, created with that role and scope if new.</summary>
    public async Task<HttpClient> ClientForAsync(string name, string role, string? platform = null, params string[] regions) =>
        ClientWithToken(await TokenForAsync(name, role, platform, regions).ConfigureAwait(false));

    /// <summary>A fresh API token of <paramref name="name"/>, created with that role and scope if new.</summary>
    public Task<string> TokenForAsync(string name, string role, string? platform = null, params string[] regions) =>
        CreateTokenAsync(GetRequiredService<UserAdministration>(), name, role, platform, regions);

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (or nothing when null).</summary>
    public HttpClient ClientWithToken(string? token)
    {
        var client = new HttpClient { BaseAddress = HttpAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>
    /// For a server run as its own process: adds an admin to the store in <paramref name="dataDirectory"/>
    /// and creates a token with the server's own command line (users add, tokens create), as an operator would.
    /// </summary>
    public static async Task<string> AdminTokenThroughCommandLineAsync(string dataDirectory)
    {
        var storage = $"--Storage:DataDirectory={dataDirectory}";
        var errors = new StringWriter();
        if (await AccessCommands.RunAsync(["users", "add", AdminName, "--role", "admin", storage], new StringReader("pw-" + Guid.NewGuid().ToString("N")), TextWriter.Null, errors).ConfigureAwait(false) != 0)
        {
            throw new InvalidOperationException("users add failed: " + errors);
        }

        var secret = new StringWriter();
        if (await AccessCommands.RunAsync(["tokens", "create", AdminName, "--name", "test", storage], TextReader.Null, secret, errors).ConfigureAwait(false) != 0)
        {
            throw new InvalidOperationException("tokens create failed: " + errors);
        }

        return secret.ToString().Trim();
    }

    /// <summary>Creates the user (random password) unless they exist, then a token for them.</summary>
    public static async Task<string> CreateTokenAsync(UserAdministration users, string name, string role, string? platform, string[] regions)
    {
        if (await users.FindUserAsync(name).ConfigureAwait(false) is null)
        {
            var created = await users.CreateUserAsync(new UserRequest(name, "pw-" + Guid.NewGuid().ToString("N"), role, platform, regions.Length > 0 ? [.. regions] : null)).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException(created.Error);
            }
        }

        var token = await users.CreateTokenAsync(name, new TokenRequest("test harness", null)).ConfigureAwait(false);
        return token.Value?.Secret ?? throw new InvalidOperationException(token.Error);
    }

    /// <summary>
    /// Issues the box's MQTT secret through the server's own service, as the provisioning API does,
    /// and returns it. A box provisioned before on this server keeps its secret, so a second client
    /// for it does not rotate the first one out.
    /// </summary>
    public string ProvisionBox(string boxId)
    {
        lock (_secrets)
        {
            if (!_secrets.TryGetValue(boxId, out var secret))
            {
                secret = GetRequiredService<Fleet.Server.Devices.DeviceCredentials>().Issue(boxId).Secret;
                _secrets[boxId] = secret;
            }

            return secret;
        }
    }

    /// <summary>Stops the server the way Ctrl+C does and waits until Program's Run has returned.</summary>
    public async Task StopAsync()
    {
        _host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await _exited.WaitAsync(StartTimeout).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            _clients.ForEach(client => client.Dispose());
        }

        if (!_exited.IsCompleted)
        {
            await StopAsync().ConfigureAwait(false);
        }

        if (_ownsDataDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Catches the host built on one thread; other servers starting in parallel build theirs on other threads.</summary>
    private sealed class HostCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly int _threadId;
        private readonly TaskCompletionSource<IHost> _built;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;

        public HostCapture(int threadId, TaskCompletionSource<IHost> built)
        {
            _threadId = threadId;
            _built = built;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.Extensions.Hosting")
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "HostBuilt" && value.Value is IHost host && Environment.CurrentManagedThreadId == _threadId)
            {
                _built.TrySetResult(host);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions)
            {
                foreach (var subscription in _subscriptions)
                {
                    subscription.Dispose();
                }
            }
        }
    }
}
