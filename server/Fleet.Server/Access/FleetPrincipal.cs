using System.Globalization;
using System.Security.Claims;

namespace Fleet.Server.Access;

/// <summary>The claims a user carries, the same whether they signed in with a password or came with an API token.</summary>
public static class FleetPrincipal
{
    public const string PasswordMethod = "password";
    public const string TokenMethod = "token";

    public static ClaimsPrincipal For(FleetUser user, string authenticationType, string method, long? tokenId = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role),
            new(FleetClaims.Method, method),
        };
        if (user.Platform is not null)
        {
            claims.Add(new Claim(FleetClaims.Platform, user.Platform));
        }

        foreach (var region in user.Regions)
        {
            claims.Add(new Claim(FleetClaims.Region, region));
        }

        if (tokenId is { } id)
        {
            claims.Add(new Claim(FleetClaims.TokenId, id.ToString(CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
