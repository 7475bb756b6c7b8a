using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Fleet.Server.Access;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Access;

/// <summary>
/// Signing in from a browser that already carries a session: a form fetched before another tab
/// signed in, and a session cookie the server cannot read (stale, or from another server on the
/// same host) must end in a fresh sign-in, never in a 400; a signed-in visitor is told who they are.
/// </summary>
public sealed partial class SignInAgainTests : IAsyncLifetime
{
    private const string Password = "a long enough password";

    private FleetServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FleetServer.StartAsync();
        foreach (var name in new[] { "ana.silva", "bo.chen" })
        {
            Assert.True((await _server.GetRequiredService<UserAdministration>()
                .CreateUserAsync(new UserRequest(name, Password, FleetClaims.AdminRole, null, null), TestContext.Current.CancellationToken)).Succeeded);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AFormFetchedBeforeAnotherTabSignedInStillSignsIn()
    {
        using var browser = new Browser(_server.HttpAddress);
        var staleForm = await browser.FetchFormAsync();
        await browser.PostAsync(await browser.FetchFormAsync(), "ana.silva");

        var response = await browser.PostAsync(staleForm, "bo.chen");

        Assert.Equal((HttpStatusCode.Redirect, "/alerts"), (response.StatusCode, response.Headers.Location!.OriginalString));
        Assert.Equal("bo.chen", await browser.WhoAsync());
    }

    [Fact]
    public async Task SigningOutAfterTheSessionCookieBecameUnreadableLeadsToAFreshSignIn()
    {
        using var browser = new Browser(_server.HttpAddress);
        await browser.PostAsync(await browser.FetchFormAsync(), "ana.silva");
        var signOutToken = await browser.FetchSignOutTokenAsync();
        browser.ReplaceSessionCookie("CfDJ8-a-cookie-another-server-protected");

        var signedOut = await browser.PostSignOutAsync(signOutToken);
        var response = await browser.PostAsync(await browser.FetchFormAsync(), "bo.chen");

        Assert.Equal((HttpStatusCode.Redirect, "/signin"), (signedOut.StatusCode, signedOut.Headers.Location!.AbsolutePath));
        Assert.Equal((HttpStatusCode.Redirect, "/alerts"), (response.StatusCode, response.Headers.Location!.OriginalString));
        Assert.Equal("bo.chen", await browser.WhoAsync());
    }

    [Fact]
    public async Task AForeignSessionCookieDoesNotStopAFreshSignIn()
    {
        using var browser = new Browser(_server.HttpAddress);
        browser.ReplaceSessionCookie("CfDJ8-a-cookie-another-server-protected");

        var response = await browser.PostAsync(await browser.FetchFormAsync(), "bo.chen");

        Assert.Equal((HttpStatusCode.Redirect, "/alerts"), (response.StatusCode, response.Headers.Location!.OriginalString));
        Assert.Equal("bo.chen", await browser.WhoAsync());
    }

    [Fact]
    public async Task ASignedInUserVisitingTheSignInPageIsToldWhoTheyAre()
    {
        using var browser = new Browser(_server.HttpAddress);
        await browser.PostAsync(await browser.FetchFormAsync(), "ana.silva");

        var page = await browser.Client.GetStringAsync(new Uri("/signin?returnUrl=%2Falerts", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("data-testid=\"signed-in-as\"", page, StringComparison.Ordinal);
        Assert.Contains("<strong>ana.silva</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"signin-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedPostWithoutTheFormsTokenStillSignsNobodyIn()
    {
        using var browser = new Browser(_server.HttpAddress);
        await browser.PostAsync(await browser.FetchFormAsync(), "ana.silva");

        var response = await browser.PostAsync(string.Empty, "bo.chen");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ana.silva", await browser.WhoAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A browser tab: keeps cookies, fetches the sign-in form's token and posts the form with any token it kept.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly HttpClientHandler _handler = new() { AllowAutoRedirect = false, UseCookies = true };
        private readonly Uri _address;

        public Browser(Uri address)
        {
            _address = address;
            Client = new HttpClient(_handler) { BaseAddress = address };
        }

        public HttpClient Client { get; }

        /// <summary>Loads the sign-in page and returns its form's antiforgery token ("" when the page shows no form).</summary>
        public async Task<string> FetchFormAsync()
        {
            var page = await Client.GetStringAsync(new Uri("/signin?returnUrl=%2Falerts", UriKind.Relative), TestContext.Current.CancellationToken);
            var match = AntiforgeryField().Match(page);
            return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : string.Empty;
        }

        /// <summary>The antiforgery token of the sign-out form in the top bar of a dashboard page.</summary>
        public async Task<string> FetchSignOutTokenAsync()
        {
            var page = await Client.GetStringAsync(new Uri("/signin", UriKind.Relative), TestContext.Current.CancellationToken);
            return WebUtility.HtmlDecode(AntiforgeryField().Match(page).Groups[1].Value);
        }

        public async Task<HttpResponseMessage> PostSignOutAsync(string token)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
            return await Client.PostAsync(new Uri("/account/signout", UriKind.Relative), form, TestContext.Current.CancellationToken);
        }

        public async Task<HttpResponseMessage> PostAsync(string token, string userName)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["userName"] = userName,
                ["password"] = Password,
                ["returnUrl"] = "/alerts",
            });
            return await Client.PostAsync(new Uri("/account/signin", UriKind.Relative), form, TestContext.Current.CancellationToken);
        }

        public async Task<string?> WhoAsync() =>
            (await Client.GetFromJsonAsync<WhoAmI>(new Uri("/api/account/me", UriKind.Relative), AccessFixture.Json, TestContext.Current.CancellationToken))?.Name;

        /// <summary>Puts a session cookie this server cannot unprotect in place of the browser's own.</summary>
        public void ReplaceSessionCookie(string value) => _handler.CookieContainer.Add(_address, new Cookie("fleet.auth", value, "/"));

        public void Dispose()
        {
            Client.Dispose();
            _handler.Dispose();
        }
    }
}
