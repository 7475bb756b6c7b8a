using System.Net;
using System.Net.Http.Json;
using Fleet.Server.Access;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Access;

/// <summary>
/// How the first people get in: the users/tokens command line on a store (no web host), and the
/// demo's one admin with a random password, only while there is nobody else.
/// </summary>
public sealed class FirstAdminTests : IDisposable
{
    private readonly string _directory = FleetServer.NewDataDirectory();

    public void Dispose() => FleetServer.TryDelete(_directory);

    [Fact]
    public async Task TheCommandLineAddsAnAdminFromStandardInputAndItsTokenOpensTheApi()
    {
        var errors = new StringWriter();
        var added = await RunAsync(["users", "add", "admin", "--role", "admin"], "a long first password\n", TextWriter.Null, errors);
        var secret = new StringWriter();
        var created = await RunAsync(["tokens", "create", "admin", "--name", "ops", "--days", "30"], "", secret, errors);

        Assert.Equal((0, 0), (added, created));
        await using var server = await FleetServer.StartAsync(_directory);
        var me = await server.ClientWithToken(secret.ToString().Trim()).GetFromJsonAsync<WhoAmI>("/api/account/me", AccessFixture.Json, TestContext.Current.CancellationToken);
        Assert.Equal(("admin", "admin", "token"), (me!.Name, me.Role, me.Method));
        var verified = await server.GetRequiredService<UserAdministration>().VerifyPasswordAsync("admin", "a long first password", TestContext.Current.CancellationToken);
        Assert.NotNull(verified.User);
    }

    [Theory]
    [InlineData("short\n", new[] { "users", "add", "a", "--role", "admin" })]
    [InlineData("a long enough password\n", new[] { "users", "add", "m", "--role", "manager" })]
    [InlineData("a long enough password\n", new[] { "users", "add", "r", "--role", "regulator", "--region", "44A3" })]
    [InlineData("a long enough password\n", new[] { "users", "add", "x", "--role", "root" })]
    [InlineData("", new[] { "tokens", "create", "nobody", "--name", "ops" })]
    public async Task TheCommandLineRefusesABadUserOrTokenAndSaysWhy(string input, string[] args)
    {
        var errors = new StringWriter();

        Assert.NotEqual(0, await RunAsync(args, input, TextWriter.Null, errors));
        Assert.StartsWith("Refused: ", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoModeOnAnEmptyStoreCreatesOneAdminWithARandomPasswordAndNotAgain()
    {
        await using (var first = await FleetServer.StartAsync(_directory, "--demo", "1"))
        {
            var users = await first.GetRequiredService<UserAdministration>().ListUsersAsync(TestContext.Current.CancellationToken);
            Assert.Contains(users, u => u.Name == DemoAdmin.UserName && u.Role == FleetClaims.AdminRole);
            Assert.Null((await first.GetRequiredService<UserAdministration>().VerifyPasswordAsync(DemoAdmin.UserName, "", TestContext.Current.CancellationToken)).User);
        }

        await using var second = await FleetServer.StartAsync(_directory, "--demo", "1");
        Assert.Single(await second.GetRequiredService<UserAdministration>().ListUsersAsync(TestContext.Current.CancellationToken), u => u.Name == DemoAdmin.UserName);
    }

    [Fact]
    public async Task WithoutDemoModeNoUserIsCreated()
    {
        await using var server = await FleetServer.StartAsync(_directory);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.ClientWithToken(null).GetAsync("/api/boxes", TestContext.Current.CancellationToken)).StatusCode);
        Assert.DoesNotContain(await server.GetRequiredService<UserAdministration>().ListUsersAsync(TestContext.Current.CancellationToken), u => u.Name == DemoAdmin.UserName);
    }

    private Task<int> RunAsync(string[] args, string input, TextWriter output, TextWriter errors) =>
        AccessCommands.RunAsync([.. args, $"--Storage:DataDirectory={_directory}"], new StringReader(input), output, errors);
}
