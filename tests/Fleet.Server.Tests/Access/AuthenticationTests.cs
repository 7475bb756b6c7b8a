using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Server.Access;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Access;

/// <summary>Who gets in: anonymous callers, API tokens (revoked, expired, of a disabled user), and password sign-in with its throttle.</summary>
public sealed partial class AuthenticationTests : IAsyncLifetime
{
    private const string Password = "a long enough password";

    private FleetServer _server = null!;

    // Three failures lock a name out, so the test does not have to guess five times.
    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync(null, "--Access:MaxFailuresPerUser=3");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/boxes")]
    [InlineData("GET", "/api/boxes/BX-1/readings?channel=c1")]
    [InlineData("GET", "/api/alerts")]
    [InlineData("POST", "/api/alerts/1/acknowledge")]
    [InlineData("GET", "/api/deliveries/ORD-1")]
    [InlineData("POST", "/api/deliveries")]
    [InlineData("GET", "/api/deliveries/ORD-1/verdict")]
    [InlineData("PUT", "/api/couriers/CR-1")]
    [InlineData("GET", "/api/ingestion")]
    [InlineData("POST", "/api/admin/backup")]
    [InlineData("GET", "/api/admin/users")]
    [InlineData("POST", "/hubs/fleet/negotiate?negotiateVersion=1")]
    public async Task AnAnonymousRequestIsRefused(string method, string path)
    {
        var anonymous = _server.ClientWithToken(null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonContent.Create(new { }) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task HealthStaysOpenButTellsAnAnonymousCallerOnlyItsStatus()
    {
        var body = await _server.ClientWithToken(null).GetStringAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal("""{"status":"healthy"}""", body);
        Assert.Contains("mqttPort", await _server.Http.GetStringAsync("/health", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADashboardPageSendsAnAnonymousVisitorToSignIn()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = _server.HttpAddress };

        var response = await browser.GetAsync("/alerts", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=%2Falerts", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedTokenIsRefusedAtOnce()
    {
        var created = await CreateTokenAsync("dispatch", null);
        var client = _server.ClientWithToken(created.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode);

        var revoke = await _server.Http.DeleteAsync($"/api/admin/tokens/{created.GetProperty("token").GetProperty("id").GetInt64()}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        await AddUserAsync("dispatch-old", FleetClaims.ManagerRole, "meituan-sz");
        var secret = UserAdministration.TokenPrefix + "expired-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        // A token created a day ago for one hour; the server's clock is past its expiry.
        await _server.GetRequiredService<UserStore>().InsertTokenAsync(
            UserAdministration.HashToken(secret), "dispatch-old", "old", now.AddDays(-1).ToUnixTimeMilliseconds(), now.AddDays(-1).AddHours(1).ToUnixTimeMilliseconds(), TestContext.Current.CancellationToken);
        var failuresBefore = _server.GetRequiredService<AccessMetrics>().FailureTotal;

        var response = await _server.ClientWithToken(secret).GetAsync("/api/boxes", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(_server.GetRequiredService<AccessMetrics>().FailureTotal > failuresBefore, "the refusal is counted");
    }

    [Fact]
    public async Task AnUnknownTokenAndADisabledUsersTokenAreRefused()
    {
        var created = await CreateTokenAsync("dispatch-2", null);
        var client = _server.ClientWithToken(created.GetProperty("secret").GetString());
        (await _server.Http.PutAsJsonAsync("/api/admin/users/mgr-dispatch-2", new { role = "manager", platform = "meituan-sz", disabled = true }, AccessFixture.Json, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/boxes", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.ClientWithToken("fleet_not-a-real-token").GetAsync("/api/boxes", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task ATokenIsStoredOnlyAsItsHash()
    {
        var created = await CreateTokenAsync("dispatch-3", 30);
        var secret = created.GetProperty("secret").GetString()!;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_server.DataDirectory, "fleet.db"), TestContext.Current.CancellationToken);
        var wal = Path.Combine(_server.DataDirectory, "fleet.db-wal");
        var walBytes = File.Exists(wal) ? await File.ReadAllBytesAsync(wal, TestContext.Current.CancellationToken) : [];

        Assert.Matches("^fleet_[A-Za-z0-9_-]{43}$", secret);
        Assert.DoesNotContain(secret, System.Text.Encoding.ASCII.GetString([.. bytes, .. walBytes]), StringComparison.Ordinal);
        Assert.Equal("mgr-dispatch-3", (await _server.ClientWithToken(secret).GetFromJsonAsync<WhoAmI>("/api/account/me", AccessFixture.Json, TestContext.Current.CancellationToken))!.Name);
    }

    [Fact]
    public async Task ThePasswordSignsInAndTheCookieThenReadsTheApi()
    {
        await AddUserAsync("li.wei", FleetClaims.ManagerRole, "meituan-sz");
        using var browser = new Browser(_server.HttpAddress);

        var landed = await browser.SignInAsync("li.wei", Password, "/alerts");

        Assert.Equal("/alerts", landed);
        var me = await browser.Client.GetFromJsonAsync<WhoAmI>("/api/account/me", AccessFixture.Json, TestContext.Current.CancellationToken);
        Assert.Equal(("li.wei", "manager", "meituan-sz", "password"), (me!.Name, me.Role, me.Platform, me.Method));
    }

    [Fact]
    public async Task WrongPasswordsLockTheNameOutEvenForTheRightPasswordAndAreCounted()
    {
        await AddUserAsync("zhang.min", FleetClaims.AdminRole, null);
        using var browser = new Browser(_server.HttpAddress);
        var metrics = _server.GetRequiredService<AccessMetrics>();
        var before = metrics.FailureTotal;

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.StartsWith("/signin?error=invalid", await browser.SignInAsync("zhang.min", "wrong password " + attempt, "/"), StringComparison.Ordinal);
        }

        Assert.StartsWith("/signin?error=throttled", await browser.SignInAsync("zhang.min", Password, "/"), StringComparison.Ordinal);
        Assert.Equal(before + 4, metrics.FailureTotal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AnUnknownNameGetsTheSameAnswerAsAWrongPassword()
    {
        using var browser = new Browser(_server.HttpAddress);

        Assert.StartsWith("/signin?error=invalid", await browser.SignInAsync("nobody", Password, "/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignInFormRefusesAPostWithoutItsAntiforgeryToken()
    {
        await AddUserAsync("wang.fang", FleetClaims.AdminRole, null);
        using var browser = new Browser(_server.HttpAddress);

        var response = await browser.Client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "wang.fang", ["password"] = Password }), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task AddUserAsync(string name, string role, string? platform) =>
        Assert.True((await _server.GetRequiredService<UserAdministration>().CreateUserAsync(new UserRequest(name, Password, role, platform, null), TestContext.Current.CancellationToken)).Succeeded);

    /// <summary>A manager "mgr-{name}" and a token of theirs created through the admin API.</summary>
    private async Task<JsonElement> CreateTokenAsync(string name, double? expiresInDays)
    {
        (await _server.Http.PostAsJsonAsync("/api/admin/users", new { name = "mgr-" + name, password = Password, role = "manager", platform = "meituan-sz" }, AccessFixture.Json, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var response = await _server.Http.PostAsJsonAsync($"/api/admin/users/mgr-{name}/tokens", new { name, expiresInDays }, AccessFixture.Json, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>What a browser does with the sign-in page: keeps cookies, reads the form's hidden token, posts it.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true };

        public Browser(Uri address) => Client = new HttpClient(_handler) { BaseAddress = address };

        public HttpClient Client { get; }

        /// <summary>Fills in and posts the form; returns where the server sends the browser next.</summary>
        public async Task<string> SignInAsync(string userName, string password, string returnUrl)
        {
            var page = await Client.GetStringAsync("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
            var token = AntiforgeryField().Match(page).Groups[1].Value;
            var response = await Client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["userName"] = userName,
                ["password"] = password,
                ["returnUrl"] = returnUrl,
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location!.OriginalString;
        }

        public void Dispose()
        {
            Client.Dispose();
            _handler.Dispose();
        }
    }
}
