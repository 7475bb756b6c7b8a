using System.Security.Cryptography;
using Fleet.Server.Demo;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Access;

/// <summary>
/// In demo mode (<c>--demo N</c>) on a store with no user yet, creates the admin "demo-admin" with
/// a fresh random password and logs it once, so the README's one command still lets a newcomer in.
/// Outside demo mode nothing is created: the first admin comes from <c>users add</c>.
/// </summary>
public sealed class DemoAdmin(IOptions<DemoOptions> demo, UserAdministration users, ILogger<DemoAdmin> logger) : IHostedService
{
    public const string UserName = "demo-admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (demo.Value.Boxes <= 0 || await users.CountUsersAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return;
        }

        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
        var outcome = await users.CreateUserAsync(new UserRequest(UserName, password, FleetClaims.AdminRole, null, null), cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            AccessLog.DemoAdminCreated(logger, UserName, password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
