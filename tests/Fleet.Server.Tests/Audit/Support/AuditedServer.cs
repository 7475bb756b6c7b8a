using System.Diagnostics;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Server.Tests.Audit.Support;

/// <summary>
/// The real server (<see cref="FleetServer"/>) with <see cref="HeaderSignIn"/> added to its host, and
/// clients that call it as an admin, a regulator, a fleet manager or nobody. The sign-in is added
/// through the host's "HostBuilding" diagnostic event (as WebApplicationFactory configures a host),
/// only to the host whose data directory is this server's, so servers of other tests starting in
/// parallel are left alone.
/// </summary>
public sealed class AuditedServer : IAsyncDisposable
{
    private AuditedServer(FleetServer server)
    {
        Server = server;
        Admin = Client("ada", "admin");
    }

    public FleetServer Server { get; }

    /// <summary>An admin, "ada".</summary>
    public HttpClient Admin { get; }

    public static async Task<AuditedServer> StartAsync(params string[] settings)
    {
        var directory = FleetServer.NewDataDirectory();
        using var hook = new SignInHook(directory);
        return new AuditedServer(await FleetServer.StartAsync(directory, settings).ConfigureAwait(false));
    }

    /// <summary>A client signed in as <paramref name="user"/> with these roles and region prefixes.</summary>
    public HttpClient Client(string user, string roles, params string[] regions)
    {
        var client = new HttpClient { BaseAddress = Server.HttpAddress };
        client.DefaultRequestHeaders.Add(HeaderSignIn.UserHeader, user);
        client.DefaultRequestHeaders.Add(HeaderSignIn.RolesHeader, roles);
        if (regions.Length > 0)
        {
            client.DefaultRequestHeaders.Add(HeaderSignIn.RegionsHeader, string.Join(',', regions));
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
        FleetServer.TryDelete(Server.DataDirectory);
    }

    private sealed class SignInHook : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _dataDirectory;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly IDisposable _all;

        public SignInHook(string dataDirectory)
        {
            _dataDirectory = dataDirectory;
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
            if (value.Key == "HostBuilding" && value.Value is IHostBuilder builder)
            {
                builder.ConfigureServices((context, services) =>
                {
                    if (context.Configuration["Storage:DataDirectory"] == _dataDirectory)
                    {
                        services.AddAuthentication(HeaderSignIn.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderSignIn>(HeaderSignIn.SchemeName, null);
                    }
                });
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
