using System.Security.Claims;
using Fleet.Server.Deliveries;

namespace Fleet.Server.Access;

/// <summary>
/// What one signed-in user or token may see and change, read from its claims: an admin
/// everything; a manager their platform's records, read and write; a regulator, read-only, the
/// deliveries whose merchant region starts with one of their prefixes. Anything else sees nothing.
/// </summary>
public sealed class AccessScope
{
    private AccessScope(string? name, string? role, string? platform, IReadOnlyList<string> regions)
    {
        Name = name;
        Role = role;
        Platform = platform;
        Regions = regions;
    }

    public string? Name { get; }

    public string? Role { get; }

    public string? Platform { get; }

    public IReadOnlyList<string> Regions { get; }

    public bool IsAdmin => Role == FleetClaims.AdminRole;

    public bool IsManager => Role == FleetClaims.ManagerRole && Platform is not null;

    public bool IsRegulator => Role == FleetClaims.RegulatorRole && Regions.Count > 0;

    /// <summary>Admins and managers change things; regulators only read.</summary>
    public bool CanWrite => IsAdmin || IsManager;

    public static AccessScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return new AccessScope(null, null, null, []);
        }

        // A principal with two roles would be ambiguous; the narrowest wins, never the widest.
        var role = user.IsInRole(FleetClaims.RegulatorRole) ? FleetClaims.RegulatorRole
            : user.IsInRole(FleetClaims.ManagerRole) ? FleetClaims.ManagerRole
            : user.IsInRole(FleetClaims.AdminRole) ? FleetClaims.AdminRole
            : null;
        var regions = new List<string>();
        foreach (var claim in user.FindAll(FleetClaims.Region))
        {
            if (Tenancy.IsValidRegionPrefix(claim.Value))
            {
                regions.Add(claim.Value);
            }
        }

        return new AccessScope(user.Identity.Name, role, user.FindFirst(FleetClaims.Platform)?.Value, regions);
    }

    /// <summary>Whether a record of <paramref name="platform"/> (a box, courier or delivery) is the caller's to manage.</summary>
    public bool ManagesPlatform(string? platform) => IsAdmin || (IsManager && platform is not null && string.Equals(platform, Platform, StringComparison.Ordinal));

    /// <summary>Whether a merchant region lies in the caller's jurisdiction (admins: every region).</summary>
    public bool OverseesRegion(string? region)
    {
        if (IsAdmin)
        {
            return true;
        }

        if (!IsRegulator || region is null)
        {
            return false;
        }

        foreach (var prefix in Regions)
        {
            if (region.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool SeesDelivery(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return ManagesPlatform(delivery.Platform) || OverseesRegion(delivery.MerchantRegion);
    }
}
