using System.Security.Claims;
using Fleet.Server.Access;

namespace Fleet.Server.Evidence;

/// <summary>
/// The one place that decides whether the signed-in caller may see evidence about a delivery, a
/// box or a merchant. Every evidence endpoint asks <see cref="MayAccess"/> before it hands anything
/// out, and answers 404 when the answer is no (so a caller cannot probe what exists outside their
/// scope). It asks the access capability's <see cref="AccessScope"/>: admins see everything, a
/// regulator the subjects whose merchant region lies under one of their region prefixes, a fleet
/// manager the subjects of their own platform.
/// </summary>
public sealed class EvidenceAccess
{
    public bool MayAccess(ClaimsPrincipal user, EvidenceSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var scope = AccessScope.Of(user);
        return scope.ManagesPlatform(subject.Platform) || scope.OverseesRegion(subject.Region);
    }
}
