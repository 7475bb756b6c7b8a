using Fleet.Server.Access;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Server.Tests.Audit.Support;

/// <summary>
/// The real server (<see cref="FleetServer"/>) with the clients the audit tests call it as: an admin
/// ("ada"), regulators, fleet managers and someone with no token at all. Every client signs in the
/// way a dispatch system or script does, with an API token of a real user made by the access harness.
/// </summary>
public sealed class AuditedServer : IAsyncDisposable
{
    /// <summary>The platform the tests' managers work for.</summary>
    public const string Platform = "meituan-sz";

    private AuditedServer(FleetServer server, HttpClient admin)
    {
        Server = server;
        Admin = admin;
        Anonymous = server.ClientWithToken(null);
    }

    public FleetServer Server { get; }

    /// <summary>An admin, "ada".</summary>
    public HttpClient Admin { get; }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Anonymous { get; }

    public static async Task<AuditedServer> StartAsync(params string[] settings)
    {
        var server = await FleetServer.StartAsync(null, settings).ConfigureAwait(false);
        return new AuditedServer(server, await server.ClientForAsync("ada", FleetClaims.AdminRole).ConfigureAwait(false));
    }

    /// <summary>A regulator's client; the user is created with these region prefixes the first time the name is used.</summary>
    public Task<HttpClient> RegulatorAsync(string name, params string[] regions) =>
        Server.ClientForAsync(name, FleetClaims.RegulatorRole, null, regions);

    /// <summary>A fleet manager's client, of <paramref name="platform"/>.</summary>
    public Task<HttpClient> ManagerAsync(string name, string platform = Platform) =>
        Server.ClientForAsync(name, FleetClaims.ManagerRole, platform);

    /// <summary>
    /// A dashboard circuit's services, signed in as <paramref name="user"/> (an existing user, as
    /// cookie sign-in makes them), the way Blazor sets the circuit's user when it starts.
    /// </summary>
    public async Task<IServiceScope> CircuitAsync(string user)
    {
        var found = await Server.GetRequiredService<UserAdministration>().FindUserAsync(user).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no user {user}");
        var scope = Server.Services.CreateScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var principal = FleetPrincipal.For(found, CookieAuthenticationDefaults.AuthenticationScheme, FleetPrincipal.PasswordMethod);
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    /// <summary>The clients are the harness's: it disposes them with the server, and deletes its data directory.</summary>
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
