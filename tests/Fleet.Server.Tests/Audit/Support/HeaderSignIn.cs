using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Audit.Support;

/// <summary>
/// A stand-in for the sign-in the access capability builds, for these tests only: the caller's name,
/// roles and region prefixes come from request headers. It is added to a test server's host, never
/// to the product. Once sign-in and API tokens are merged, these tests can use real ones instead.
/// </summary>
public sealed class HeaderSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeaders";
    public const string UserHeader = "X-Test-User";
    public const string RolesHeader = "X-Test-Roles";
    public const string RegionsHeader = "X-Test-Regions";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(UserHeader, out var user) || string.IsNullOrEmpty(user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, user.ToString()));
        foreach (var role in Split(RolesHeader))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        foreach (var region in Split(RegionsHeader))
        {
            identity.AddClaim(new Claim("fleet:region", region));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string[] Split(string header) =>
        Request.Headers.TryGetValue(header, out var value)
            ? value.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
}
