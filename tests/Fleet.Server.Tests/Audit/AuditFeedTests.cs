using System.Security.Claims;
using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Fleet.Server.Tests.Audit.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Server.Tests.Audit;

/// <summary>The audit page's feed in the real server: the circuit's user decides what it shows, by the API's rule.</summary>
public sealed class AuditFeedTests : IAsyncLifetime
{
    private AuditedServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await AuditedServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>The feed of a dashboard circuit whose user is <paramref name="user"/>, as Blazor sets it when the circuit starts.</summary>
    private (IAuditFeed Feed, IServiceScope Scope) FeedFor(ClaimsPrincipal user)
    {
        var scope = _server.Server.Services.CreateScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        return (scope.ServiceProvider.GetRequiredService<IAuditFeed>(), scope);
    }

    private static ClaimsPrincipal User(string name, string role, params string[] regions)
    {
        var identity = new ClaimsIdentity("test", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        identity.AddClaims(regions.Select(r => new Claim(FleetClaims.Region, r)));
        return new ClaimsPrincipal(identity);
    }

    [Fact]
    public async Task ARegulatorsPageShowsTheirRegionsAnAdminsEverythingAndAnyoneElsesNothing()
    {
        var trail = _server.Server.GetRequiredService<AuditTrail>();
        foreach (var (id, region) in new[] { ("nanshan", "440305"), ("shanghai", "310101"), ("none", (string?)null) })
        {
            await trail.RecordAsync(AuditEntry.Change(AuditActions.AlertResolved, AuditActor.System, new AuditTarget(AuditTarget.Alert, id), null, null, null, region));
        }

        var (regulator, s1) = FeedFor(User("rui", FleetClaims.RegulatorRole, "4403"));
        var (admin, s2) = FeedFor(User("ada", FleetClaims.AdminRole));
        var (manager, s3) = FeedFor(User("meng", FleetClaims.ManagerRole));
        using (s1)
        using (s2)
        using (s3)
        {
            var filter = new AuditFilterView(Action: AuditActions.AlertResolved);
            Assert.Equal(["alert/nanshan"], (await regulator.GetEntriesAsync(filter, 50, TestContext.Current.CancellationToken)).Entries.Select(e => e.Target));
            Assert.Equal(3, (await admin.GetEntriesAsync(filter, 50, TestContext.Current.CancellationToken)).Entries.Count);
            Assert.NotNull((await manager.GetEntriesAsync(filter, 50, TestContext.Current.CancellationToken)).Refusal);
            Assert.True((await admin.VerifyAsync(TestContext.Current.CancellationToken))!.Intact);
            Assert.Null(await manager.VerifyAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task TheAuditPageRendersForAnAdminRefusesAManagerAndSendsSomeoneNotSignedInToSignIn()
    {
        await _server.Server.GetRequiredService<AuditTrail>().RecordAsync(
            AuditEntry.Change(AuditActions.ExportCreated, AuditActor.System, new AuditTarget(AuditTarget.Backup, "page-check"), null, null));
        var manager = await _server.ManagerAsync("meng");

        var asAdmin = await _server.Admin.GetStringAsync(new Uri("/audit", UriKind.Relative), TestContext.Current.CancellationToken);
        var asManager = await manager.GetStringAsync(new Uri("/audit", UriKind.Relative), TestContext.Current.CancellationToken);
        var asNobody = await _server.Anonymous.GetAsync(new Uri("/audit", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("backup/page-check", asAdmin, StringComparison.Ordinal);
        Assert.Contains("Chain intact", asAdmin, StringComparison.Ordinal);
        Assert.Contains("may read the audit trail", asManager, StringComparison.Ordinal);
        Assert.DoesNotContain("page-check", asManager, StringComparison.Ordinal);
        // Someone not signed in never reaches the page: the redirect ends on the sign-in form.
        Assert.Equal("/signin", asNobody.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("page-check", await asNobody.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
