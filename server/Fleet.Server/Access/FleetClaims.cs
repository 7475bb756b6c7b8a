namespace Fleet.Server.Access;

/// <summary>
/// The names every capability uses to ask who is calling: the three roles (ASP.NET role claims) and
/// the claims that scope a manager to a platform and a regulator to region-code prefixes.
/// </summary>
public static class FleetClaims
{
    /// <summary>Everything, everywhere: users, tokens, boxes without a platform, backups.</summary>
    public const string AdminRole = "admin";

    /// <summary>A platform's fleet manager: reads and writes its boxes, couriers, deliveries and alerts.</summary>
    public const string ManagerRole = "manager";

    /// <summary>A market-supervision department: reads deliveries of its regions (and their boxes and alerts), never writes.</summary>
    public const string RegulatorRole = "regulator";

    /// <summary>The one platform (tenant id) a manager works for.</summary>
    public const string Platform = "fleet:platform";

    /// <summary>A region-code prefix a regulator oversees; a regulator carries one or more.</summary>
    public const string Region = "fleet:region";

    /// <summary>Whether the identity signed in with a password (cookie) or an API token.</summary>
    public const string Method = "fleet:auth";

    /// <summary>The id of the API token a request came with.</summary>
    public const string TokenId = "fleet:token";

    /// <summary>Every known role, for validation.</summary>
    public static readonly string[] Roles = [AdminRole, ManagerRole, RegulatorRole];
}
