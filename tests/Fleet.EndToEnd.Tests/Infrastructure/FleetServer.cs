using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Fleet.Server.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real Fleet server on Kestrel: its embedded MQTT broker and HTTP on free ports, its
/// SQLite store in a fresh temporary folder. Settings override appsettings.json. It has an admin,
/// made through the same service as the <c>users add</c> command: <see cref="Http"/> carries their
/// API token, and a browser signs in with <see cref="Admin"/>.
/// </summary>
public sealed class FleetServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly bool _ownsDataDirectory;

    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);

    private FleetServer(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        _settings = new Dictionary<string, string?>(settings);
        _ownsDataDirectory = !_settings.ContainsKey(DataDirectoryKey);
        DataDirectory = _settings.GetValueOrDefault(DataDirectoryKey) ?? Directory.CreateTempSubdirectory("fleet-e2e-").FullName;
        MqttPort = FreeTcpPort();
        _settings[DataDirectoryKey] = DataDirectory;
        _settings["Mqtt:Port"] = MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        UseKestrel(0);
    }

    /// <summary>Pass it to <see cref="Start"/> to run on an existing store, which is then kept.</summary>
    public const string DataDirectoryKey = "Storage:DataDirectory";

    public int MqttPort { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The admin's name and password, for the sign-in page.</summary>
    public SignIn Admin { get; private set; } = null!;

    /// <summary>The admin's API token (the one <see cref="Http"/> sends).</summary>
    public string AdminToken { get; private set; } = null!;

    /// <summary>Adds a user with a random password (a new one when the store has them already); returns what the sign-in page needs.</summary>
    public async Task<SignIn> AddUserAsync(string name, string role, string? platform = null, params string[] regions)
    {
        var users = Services.GetRequiredService<UserAdministration>();
        var request = new UserRequest(name, "pw-" + Guid.NewGuid().ToString("N"), role, platform, regions.Length > 0 ? [.. regions] : null);
        var outcome = await users.FindUserAsync(name) is null ? await users.CreateUserAsync(request) : await users.UpdateUserAsync(request);
        return outcome.Succeeded ? new SignIn(name, request.Password!) : throw new InvalidOperationException(outcome.Error);
    }

    /// <summary>A client that sends a new API token of an existing user.</summary>
    public async Task<HttpClient> ClientForAsync(string name)
    {
        var token = await Services.GetRequiredService<UserAdministration>().CreateTokenAsync(name, new TokenRequest("e2e", null));
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value!.Secret);
        return client;
    }

    /// <summary>Starts a server; <paramref name="settings"/> are configuration keys and values.</summary>
    public static FleetServer Start(params (string Key, string Value)[] settings)
    {
        var server = new FleetServer(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                server.StartServer();
                break;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 3)
            {
                // Another process took the free port between the probe and the broker's bind.
                server.Dispose();
                server = new FleetServer(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
            }
        }

        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        server.BaseAddress = new Uri(addresses.Addresses.First());
        server.Admin = server.AddUserAsync("e2e-admin", FleetClaims.AdminRole).GetAwaiter().GetResult();
        var token = server.Services.GetRequiredService<UserAdministration>().CreateTokenAsync(server.Admin.Name, new TokenRequest("e2e", null)).GetAwaiter().GetResult();
        server.AdminToken = token.Value!.Secret;
        server.Http = new HttpClient { BaseAddress = server.BaseAddress };
        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        return server;
    }

    /// <summary>
    /// The box's MQTT secret, issued in-process through the server's own service (as the provisioning
    /// API does) the first time it is asked for; fits <c>SimulationOptions.SecretFor</c>.
    /// </summary>
    public string ProvisionBox(string boxId)
    {
        lock (_secrets)
        {
            if (!_secrets.TryGetValue(boxId, out var secret))
            {
                secret = Services.GetRequiredService<Fleet.Server.Devices.DeviceCredentials>().Issue(boxId).Secret;
                _secrets[boxId] = secret;
            }

            return secret;
        }
    }

    /// <summary>A SignalR connection to the live hub, started and subscribed to the whole fleet.</summary>
    public async Task<HubConnection> ConnectToFleetHubAsync(Action<HubConnection> handlers, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/fleet"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(AdminToken))
            .Build();
        handlers(connection);
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync("SubscribeFleet", cancellationToken);
        return connection;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        Http?.Dispose();
        base.Dispose(disposing);
        if (disposing && _ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing connection only leaves a temp folder behind.
            }
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A user name and password to type into the sign-in page.</summary>
public sealed record SignIn(string Name, string Password);
