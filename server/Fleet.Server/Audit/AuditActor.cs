using System.Security.Claims;

namespace Fleet.Server.Audit;

/// <summary>
/// Who did an audited action: the signed-in person's or API token's name (<c>anonymous</c> when the
/// request carried none, <c>system</c> for the server's own jobs), their roles, and where from.
/// </summary>
public sealed record AuditActor(string Name, string? Role, string? ClientAddress)
{
    public const string AnonymousName = "anonymous";
    public const string SystemName = "system";

    /// <summary>The server itself, for scheduled work such as the retention purge.</summary>
    public static AuditActor System { get; } = new(SystemName, SystemName, null);

    /// <summary>The user of an HTTP request: identity name, role claims (sorted, comma-separated) and remote address.</summary>
    public static AuditActor From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return From(context.User, context.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>A principal (a request's or a dashboard circuit's) seen from <paramref name="clientAddress"/>.</summary>
    public static AuditActor From(ClaimsPrincipal? user, string? clientAddress)
    {
        var name = user?.Identity?.Name;
        var roles = new List<string>();
        if (user is not null)
        {
            foreach (var identity in user.Identities)
            {
                foreach (var claim in identity.FindAll(identity.RoleClaimType))
                {
                    if (!roles.Contains(claim.Value, StringComparer.Ordinal))
                    {
                        roles.Add(claim.Value);
                    }
                }
            }
        }

        roles.Sort(StringComparer.Ordinal);
        return new AuditActor(
            string.IsNullOrWhiteSpace(name) ? AnonymousName : name,
            roles.Count == 0 ? null : string.Join(',', roles),
            clientAddress);
    }
}
