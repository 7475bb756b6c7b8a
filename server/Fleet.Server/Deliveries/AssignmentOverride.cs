using Fleet.Server.Access;
using Fleet.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Deliveries;

/// <summary>
/// An admin's explicit override of a refused assignment: the courier and box are assigned despite
/// the refusals (a box whose disinfection record was lost, a courier whose check was recorded on
/// paper), with a mandatory reason, and the override, the refusals it set aside and the
/// assignment before it are recorded in the audit trail (assignment.overridden).
/// </summary>
public static class AssignmentOverride
{
    private const int MaxReasonLength = 2000;

    public static RouteGroupBuilder MapAssignmentOverride(this RouteGroupBuilder deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        deliveries.MapPost("/{id}/assign/override", OverrideAsync).WithName("OverrideAssignment")
            .WithSummary("Assign a courier and a box despite refusals (admin, reason required, audited)")
            .WithDescription("Body: {\"courierId\", \"boxId\", \"reason\"}; reason is required. Still refused (409) once the order has been picked up.")
            .RequireAuthorization(AccessExtensions.AdminPolicy);
        return deliveries;
    }

    private static async Task<Results<Ok<Delivery>, BadRequest<string>, NotFound<string>, Conflict<string>>> OverrideAsync(
        string id,
        OverrideAssignmentRequest request,
        DeliveryStore store,
        AssignmentChecks checks,
        AuditTrail audit,
        TimeProvider time,
        HttpContext context,
        ILogger<DeliveryStore> logger,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.CourierId) || string.IsNullOrWhiteSpace(request.BoxId))
        {
            return TypedResults.BadRequest("courierId and boxId are required");
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            DeliveriesLog.OverrideRefused(logger, id, AuditActor.From(context).Name, "no reason given");
            return TypedResults.BadRequest($"reason is required: why the refusals may be set aside (at most {MaxReasonLength} characters)");
        }

        if (await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } before)
        {
            return TypedResults.NotFound($"no delivery {id}");
        }

        if (before.PickedUpAt is not null)
        {
            return TypedResults.Conflict($"order {id} has been picked up already");
        }

        var refusals = await checks.RefusalsAsync(before, request.CourierId, request.BoxId, cancellationToken).ConfigureAwait(false);
        if (await store.AssignAsync(id, request.CourierId, request.BoxId, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false) is not { } after)
        {
            return TypedResults.Conflict($"order {id} has been picked up already");
        }

        DeliveriesLog.Overridden(logger, id, AuditActor.From(context).Name, reason, string.Join("; ", refusals));
        await audit.RecordAsync(AuditEntry.Change(
            AuditActions.AssignmentOverridden,
            AuditActor.From(context),
            new AuditTarget(AuditTarget.Delivery, id),
            Assignment.Of(before),
            new { Assignment = Assignment.Of(after), Reason = reason, OverriddenRefusals = refusals },
            before.Platform,
            before.MerchantRegion)).ConfigureAwait(false);
        return TypedResults.Ok(after);
    }
}

/// <summary>The body of POST /api/deliveries/{id}/assign/override.</summary>
public sealed record OverrideAssignmentRequest(string? CourierId, string? BoxId, string? Reason);

/// <summary>A delivery's assignment as the audit trail records it before and after a change.</summary>
public sealed record Assignment(string? CourierId, string? BoxId, DateTimeOffset? AssignedAt)
{
    public static Assignment Of(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(delivery.CourierId, delivery.BoxId, delivery.AssignedAt);
    }
}
