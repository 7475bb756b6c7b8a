using System.Security.Claims;

namespace Fleet.Server.Evidence;

/// <summary>
/// The one place that decides whether the signed-in caller may see evidence about a delivery, a
/// box or a merchant. Every evidence endpoint asks <see cref="MayAccess"/> before it reads
/// anything, and answers 404 when the answer is no (so a caller cannot probe what exists outside
/// their scope). The access workstream owns tenancy and scoping; at merge this method is pointed at
/// its scope check. Until then it allows admins everything, a regulator the subjects whose region
/// starts with one of their region claims, a fleet manager the subjects of their platform.
/// </summary>
public sealed class EvidenceAccess
{
    // Local names for the shared claim constants (Access/FleetClaims.cs after the merge).
    private const string AdminRole = "admin";
    private const string ManagerRole = "manager";
    private const string RegulatorRole = "regulator";
    private const string PlatformClaim = "fleet:platform";
    private const string RegionClaim = "fleet:region";

    public bool MayAccess(ClaimsPrincipal user, EvidenceSubject subject)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (user.IsInRole(AdminRole))
        {
            return true;
        }

        if (user.IsInRole(RegulatorRole) && subject.Region is { Length: > 0 } region)
        {
            foreach (var claim in user.FindAll(RegionClaim))
            {
                if (region.StartsWith(claim.Value, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return user.IsInRole(ManagerRole) && subject.Platform is { Length: > 0 } platform
            && string.Equals(user.FindFirst(PlatformClaim)?.Value, platform, StringComparison.Ordinal);
    }
}
