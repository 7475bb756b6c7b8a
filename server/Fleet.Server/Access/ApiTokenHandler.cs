using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer fleet_…</c>: the secret's SHA-256 must name a token that
/// is neither revoked nor expired, of a user who is not disabled. Every refusal is logged with its
/// reason and counted.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    UserAdministration users,
    AccessMetrics metrics) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        var (user, token, failure) = await users.AuthenticateTokenAsync(secret, Context.RequestAborted).ConfigureAwait(false);
        if (user is null || token is null)
        {
            metrics.Failed(failure ?? AccessFailures.UnknownToken);
            AccessLog.TokenRefused(Logger, Context.Connection.RemoteIpAddress?.ToString(), failure ?? AccessFailures.UnknownToken, token?.Id);
            return AuthenticateResult.Fail($"API token refused: {failure}");
        }

        var principal = FleetPrincipal.For(user, SchemeName, FleetPrincipal.TokenMethod, token.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
