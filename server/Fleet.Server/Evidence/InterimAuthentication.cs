using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Evidence;

/// <summary>
/// A stand-in for sign-in until the access workstream merges (delete this file and its line in
/// Program.cs then): with Evidence:InterimHeaders=true, a request is signed in as the user named by
/// the X-Fleet-User header, with the roles of X-Fleet-Roles and the region and platform claims of
/// X-Fleet-Regions and X-Fleet-Platform. Off (the default), nobody is signed in and every evidence
/// endpoint answers 401.
/// </summary>
public static class InterimAuthentication
{
    public const string Scheme = "Interim";

    public static WebApplicationBuilder AddInterimAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, Handler>(Scheme, null);
        builder.Services.AddAuthorization();
        return builder;
    }

    private sealed class Handler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IConfiguration configuration)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!configuration.GetValue<bool>("Evidence:InterimHeaders") || Request.Headers["X-Fleet-User"].ToString() is not { Length: > 0 } user)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var claims = new List<Claim> { new(ClaimTypes.Name, user) };
            foreach (var role in Split("X-Fleet-Roles"))
            {
                claims.Add(new Claim(ClaimTypes.Role, role));
            }

            foreach (var region in Split("X-Fleet-Regions"))
            {
                claims.Add(new Claim("fleet:region", region));
            }

            foreach (var platform in Split("X-Fleet-Platform"))
            {
                claims.Add(new Claim("fleet:platform", platform));
            }

            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, InterimAuthentication.Scheme));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, InterimAuthentication.Scheme)));
        }

        private string[] Split(string header) =>
            Request.Headers[header].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
