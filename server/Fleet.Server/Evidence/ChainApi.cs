using System.Security.Claims;
using Fleet.Server.Access;
using Fleet.Server.Storage.Chain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Evidence;

/// <summary>GET /api/boxes/{id}/chain/verify: recompute a box's hash chain from the stored rows (admins, the box's managers and regulators).</summary>
internal static class ChainApi
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/boxes/{id}/chain/verify", VerifyAsync)
            .WithTags("Evidence")
            .WithName("VerifyBoxChain")
            .WithSummary("Recomputes a box's hash chain from its stored readings and events and names the first broken link")
            .WithDescription("from, to: link numbers (default: the first remaining link and the head). intact is false when a stored record was changed, deleted or moved, or a link was removed.")
            .RequireAuthorization(AccessExtensions.ReadPolicy);
    }

    private static async Task<Results<Ok<ChainVerification>, NotFound, BadRequest<string>>> VerifyAsync(
        string id,
        long? from,
        long? to,
        ClaimsPrincipal user,
        EvidenceAccess access,
        EvidenceQueries queries,
        ScopeGuard guard,
        ChainVerifier verifier,
        CancellationToken cancellationToken)
    {
        if (from is < 1 || to is < 1 || (from is { } f && to is { } t && f > t))
        {
            return TypedResults.BadRequest("from and to are link numbers from 1, and from must not be after to");
        }

        // The box's platform's managers, and the regulators whose regions' deliveries it carried
        // (verification shows hashes and counts, not readings).
        if (!access.MayAccess(user, await queries.BoxSubjectAsync(id, cancellationToken).ConfigureAwait(false))
            && !await guard.SeesBoxAsync(AccessScope.Of(user), id, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await verifier.VerifyAsync(id, from, to, cancellationToken).ConfigureAwait(false));
    }
}
