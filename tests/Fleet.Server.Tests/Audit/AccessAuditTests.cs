using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Fleet.Server.Tests.Audit.Support;
using static Fleet.Server.Tests.Audit.Support.AuditApi;

namespace Fleet.Server.Tests.Audit;

/// <summary>What access records in the audit trail: password sign-ins and lockouts, users and tokens changed over the API and the command line.</summary>
public sealed class AccessAuditTests : IAsyncLifetime
{
    private const string Password = "a long enough password";

    private AuditedServer _server = null!;

    private HttpClient Admin => _server.Admin;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Two failures lock a name out, so the lockout needs few attempts.
    public async ValueTask InitializeAsync() => _server = await AuditedServer.StartAsync("--Access:MaxFailuresPerUser=2");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AddUserAsync(string name, string role, string? platform = null, string[]? regions = null) =>
        (await Admin.PostAsJsonAsync("/api/admin/users", new { name, password = Password, role, platform, regions }, Cancel)).EnsureSuccessStatusCode();

    /// <summary>Every entry of the trail, as the API gives them, in one string: to check what must never be in it.</summary>
    private async Task<string> WholeTrailAsync() => JsonSerializer.Serialize((await Admin.AuditAsync("?limit=1000")).Entries);

    [Fact]
    public async Task ASignInIsRecordedWithWhoAndWhereAndARefusalWithTheNameTriedAndWhyButNeverThePassword()
    {
        await AddUserAsync("li.wei", FleetClaims.ManagerRole, "meituan-sz");
        using var browser = new SignInForm(_server.Server.HttpAddress);

        Assert.StartsWith("/signin?error=invalid", await browser.SignInAsync("li.wei", "not the password at all"), StringComparison.Ordinal);
        Assert.StartsWith("/signin?error=invalid", await browser.SignInAsync("no.such.user", "another wrong password"), StringComparison.Ordinal);
        Assert.Equal("/alerts", await browser.SignInAsync("li.wei", Password));

        var liWei = (await Admin.AuditAsync("?target=user/li.wei&action=signin.failed")).Entries;
        var failed = Assert.Single(liWei);
        Assert.Equal((AuditActor.AnonymousName, "127.0.0.1"), (failed.Actor, failed.ClientAddress));
        Assert.Equal(AccessFailures.WrongPassword, Field(failed.After, "reason"));
        var unknown = await Admin.SingleAsync(AuditActions.SignInFailed, "user/no.such.user");
        Assert.Equal(AccessFailures.UnknownUser, Field(unknown.After, "reason"));
        var succeeded = await Admin.SingleAsync(AuditActions.SignInSucceeded, "user/li.wei");
        Assert.Equal(("li.wei", "manager", "127.0.0.1"), (succeeded.Actor, succeeded.ActorRole, succeeded.ClientAddress));
        Assert.Equal(FleetPrincipal.PasswordMethod, Field(succeeded.After, "method"));
        var trail = await WholeTrailAsync();
        Assert.DoesNotContain("not the password at all", trail, StringComparison.Ordinal);
        Assert.DoesNotContain("another wrong password", trail, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFailureThatLocksANameOutIsRecordedAndSoIsEveryAttemptRefusedWhileItLasts()
    {
        await AddUserAsync("zhang.min", FleetClaims.AdminRole);
        using var browser = new SignInForm(_server.Server.HttpAddress);

        await browser.SignInAsync("zhang.min", "wrong password one");
        Assert.Empty((await Admin.AuditAsync("?action=signin.locked-out")).Entries);
        await browser.SignInAsync("zhang.min", "wrong password two");
        Assert.StartsWith("/signin?error=throttled", await browser.SignInAsync("zhang.min", Password), StringComparison.Ordinal);

        var lockout = await Admin.SingleAsync(AuditActions.SignInLockedOut, "user/zhang.min");
        Assert.Equal(AccessFailures.Throttled, Field(lockout.After, "reason"));
        var failures = (await Admin.AuditAsync("?target=user/zhang.min&action=signin.failed")).Entries;
        Assert.Equal([AccessFailures.Throttled, AccessFailures.WrongPassword, AccessFailures.WrongPassword], failures.Select(e => Field(e.After, "reason")));
        Assert.True(lockout.Sequence > failures[1].Sequence && lockout.Sequence < failures[0].Sequence);
        Assert.Empty((await Admin.AuditAsync("?target=user/zhang.min&action=signin.succeeded")).Entries);
    }

    [Fact]
    public async Task AUserCreatedAndChangedOverTheApiIsRecordedWithTheAdminAndWithoutThePassword()
    {
        await AddUserAsync("wang.fang", FleetClaims.ManagerRole, "meituan-sz");
        (await Admin.PutAsJsonAsync("/api/admin/users/wang.fang", new { role = "manager", platform = "eleme-gz", disabled = true, password = "a brand new password" }, Cancel)).EnsureSuccessStatusCode();

        var entries = (await Admin.AuditAsync("?action=user.changed&target=user/wang.fang")).Entries;

        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(("ada", "admin"), (e.Actor, e.ActorRole)));
        var (changed, created) = (entries[0], entries[1]);
        Assert.Null(created.Before);
        Assert.Equal(("manager", "meituan-sz", "true"), (Field(created.After, "role"), Field(created.After, "platform"), Field(created.After, "passwordSet")));
        Assert.Equal(("meituan-sz", "eleme-gz"), (Field(changed.Before, "platform"), Field(changed.After, "platform")));
        Assert.Equal(("false", "true"), (Field(changed.Before, "disabled"), Field(changed.After, "disabled")));
        Assert.Equal("true", Field(changed.After, "passwordSet"));
        var trail = await WholeTrailAsync();
        Assert.DoesNotContain(Password, trail, StringComparison.Ordinal);
        Assert.DoesNotContain("a brand new password", trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenIssuedAndRevokedOverTheApiIsRecordedWithoutItsSecret()
    {
        await AddUserAsync("dispatch", FleetClaims.ManagerRole, "meituan-sz");
        var created = await (await Admin.PostAsJsonAsync("/api/admin/users/dispatch/tokens", new { name = "dispatch-system" }, Cancel)).Content.ReadFromJsonAsync<NewApiToken>(Cancel);
        var id = created!.Token.Id;
        Assert.Equal(HttpStatusCode.OK, (await Admin.DeleteAsync(new Uri($"/api/admin/tokens/{id}", UriKind.Relative), Cancel)).StatusCode);

        var issued = await Admin.SingleAsync(AuditActions.TokenIssued, $"token/{id}");
        var revoked = await Admin.SingleAsync(AuditActions.TokenRevoked, $"token/{id}");

        Assert.Equal(("ada", "dispatch", "dispatch-system"), (issued.Actor, Field(issued.After, "userName"), Field(issued.After, "name")));
        Assert.Null(Field(issued.After, "revokedAt"));
        Assert.Equal("ada", revoked.Actor);
        Assert.NotNull(Field(revoked.After, "revokedAt"));
        Assert.DoesNotContain(created.Secret, await WholeTrailAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandLineVerbsAreRecordedAsTheOperatingSystemUser()
    {
        var storage = $"--Storage:DataDirectory={_server.Server.DataDirectory}";
        var secret = new StringWriter();
        Assert.Equal(0, await AccessCommands.RunAsync(["users", "add", "ops.li", "--role", "regulator", "--region", "4403", storage], new StringReader(Password), TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await AccessCommands.RunAsync(["users", "disable", "ops.li", storage], TextReader.Null, TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, await AccessCommands.RunAsync(["tokens", "create", "ops.li", "--name", "script", storage], TextReader.Null, secret, TextWriter.Null));
        var tokenId = (await _server.Server.GetRequiredService<UserAdministration>().ListTokensAsync("ops.li", Cancel)).Single().Id;
        Assert.Equal(0, await AccessCommands.RunAsync(["tokens", "revoke", tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), storage], TextReader.Null, TextWriter.Null, TextWriter.Null));

        var users = (await Admin.AuditAsync("?action=user.changed&target=user/ops.li")).Entries;
        var tokens = (await Admin.AuditAsync($"?target=token/{tokenId}")).Entries;

        var cli = "cli:" + Environment.UserName;
        Assert.Equal([cli, cli], users.Select(e => e.Actor));
        Assert.Equal(("false", "true"), (Field(users[0].Before, "disabled"), Field(users[0].After, "disabled")));
        Assert.Equal("false", Field(users[0].After, "passwordSet"));
        Assert.Equal([AuditActions.TokenRevoked, AuditActions.TokenIssued], tokens.Select(e => e.Action));
        Assert.All(tokens, e => Assert.Equal(cli, e.Actor));
        var trail = await WholeTrailAsync();
        Assert.DoesNotContain(secret.ToString().Trim(), trail, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, trail, StringComparison.Ordinal);
        Assert.True((await Admin.VerifyAuditAsync()).Intact);
    }
}
