using System.Security.Claims;
using Fleet.Firmware.Protocol;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Fleet.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Deliveries;

/// <summary>The dispatch API: orders, assignment (refused with reasons), pickup and hand-over; the order record's retention.</summary>
public static class DeliveriesExtensions
{
    public static WebApplicationBuilder AddDeliveries(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveriesOptions>()
            .BindConfiguration(DeliveriesOptions.Section)
            .Validate(o => o.RetentionMonths is >= DeliveriesOptions.MinRetentionMonths and <= 1200,
                "Deliveries:RetentionMonths must be at least 6 (the legal minimum for order records) and at most 1200.")
            .Validate(o => o.RetentionMonthsWithoutShelfLife is >= DeliveriesOptions.MinRetentionMonthsWithoutShelfLife and <= 1200,
                "Deliveries:RetentionMonthsWithoutShelfLife must be at least 24 (the legal minimum for records without a shelf life) and at most 1200.")
            .Validate(o => o.PurgeEveryMinutes is >= 0.01 and <= 7 * 24 * 60, "Deliveries:PurgeEveryMinutes must be between 0.01 and 10080.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton<AssignmentChecks>();
        builder.Services.AddSingleton<DeliveryButtons>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<DeliveryButtons>());
        builder.Services.AddSingleton<DeliveryPurge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryPurge>());
        return builder;
    }

    public static WebApplication MapDeliveriesApi(this WebApplication app)
    {
        // Policies add up (a group's and an endpoint's must both pass), so each endpoint names its own.
        var deliveries = app.MapGroup("/api/deliveries").WithTags("Deliveries");
        deliveries.MapPost("", CreateAsync).WithName("CreateDelivery")
            .WithSummary("Create a delivery from an order")
            .WithDescription("Items carry a name and a category: hot, chilled, frozen, ambient or raw-or-cold; and, when they have one, shelfLifeHours. platform defaults to the caller's (a manager's); merchantRegion is the merchant's 6-digit administrative division code.")
            .RequireAuthorization(AccessExtensions.WritePolicy);
        deliveries.MapGet("/{id}", GetAsync).WithName("GetDelivery").WithSummary("A delivery and its order record")
            .RequireAuthorization(AccessExtensions.ReadPolicy);
        deliveries.MapPost("/{id}/assign", AssignAsync).WithName("AssignDelivery")
            .WithSummary("Assign a courier and a box")
            .WithDescription("409 with every reason when refused: cold food without a cold-chain compartment (R3), box not disinfected in the last 24 h or due for replacement (R4), courier not fit (R7), box or courier of another platform.")
            .RequireAuthorization(AccessExtensions.WritePolicy);
        deliveries.MapAssignmentOverride();
        deliveries.MapPost("/{id}/pickup", (string id, StepRequest? step, DeliveryStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) => StepAsync(id, false, step, store, time, user, ct))
            .WithName("PickUpDelivery").WithSummary("Record the pickup (also reported by the box's pickup button)")
            .RequireAuthorization(AccessExtensions.WritePolicy);
        deliveries.MapPost("/{id}/handover", (string id, StepRequest? step, DeliveryStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) => StepAsync(id, true, step, store, time, user, ct))
            .WithName("HandOverDelivery").WithSummary("Record the hand-over (also reported by the box's hand-over button)")
            .RequireAuthorization(AccessExtensions.WritePolicy);
        return app;
    }

    private static async Task<Results<Created<Delivery>, BadRequest<string>, Conflict<string>, ForbidHttpResult>> CreateAsync(
        CreateDeliveryRequest request, DeliveryStore store, TimeProvider time, IOptions<DeliveriesOptions> options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var scope = AccessScope.Of(user);
        if (!scope.IsAdmin)
        {
            // A dispatch system uses its manager's token: its orders are that platform's.
            if (request.Platform is not null && request.Platform != scope.Platform)
            {
                return TypedResults.Forbid();
            }

            request = request with { Platform = scope.Platform };
        }

        if (request.OrderId is not { } orderId || !BoxIdentity.IsValid(orderId))
        {
            return TypedResults.BadRequest("orderId is required: 1 to 32 characters from A-Z a-z 0-9 - _");
        }

        if (string.IsNullOrWhiteSpace(request.Merchant) || string.IsNullOrWhiteSpace(request.Address))
        {
            return TypedResults.BadRequest("merchant and address are required");
        }

        if (request.Items is not { Count: > 0 } items || items.Exists(i => string.IsNullOrWhiteSpace(i.Name) || !FoodCategories.IsKnown(i.Category)))
        {
            return TypedResults.BadRequest("at least one item is required, each with a name and a category: hot, chilled, frozen, ambient or raw-or-cold");
        }

        if (request.ProcessedAt is not { } processed || request.PromisedAt is not { } promised || promised <= processed)
        {
            return TypedResults.BadRequest("processedAt and promisedAt are required, promisedAt after processedAt");
        }

        if (request.Platform is not null && !Access.Tenancy.IsValidPlatform(request.Platform))
        {
            return TypedResults.BadRequest(Access.Tenancy.PlatformRule);
        }

        if (request.MerchantRegion is not null && !Access.Tenancy.IsValidRegion(request.MerchantRegion))
        {
            return TypedResults.BadRequest(Access.Tenancy.RegionRule);
        }

        var now = time.GetUtcNow();
        var ordered = request.OrderedAt ?? now;
        var delivery = new Delivery(orderId, request.Merchant.Trim(), items, request.Address.Trim(), ordered, processed, promised,
            null, null, null, null, null, RetainUntil(ordered, items, options.Value), request.Platform, request.MerchantRegion);
        if (!await store.InsertAsync(delivery, now.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.Conflict($"order {orderId} exists already");
        }

        return TypedResults.Created($"/api/deliveries/{orderId}", delivery);
    }

    /// <summary>R6: 6 months after the longest shelf life when every item has one; 2 years otherwise (or as configured, never less).</summary>
    public static DateTimeOffset RetainUntil(DateTimeOffset orderedAt, IReadOnlyList<FoodItem> items, DeliveriesOptions options)
    {
        var longestShelfLife = 0.0;
        foreach (var item in items)
        {
            if (item.ShelfLifeHours is not { } hours)
            {
                return orderedAt.AddMonths(options.RetentionMonthsWithoutShelfLife);
            }

            longestShelfLife = Math.Max(longestShelfLife, hours);
        }

        return orderedAt.AddHours(longestShelfLife).AddMonths(options.RetentionMonths);
    }

    private static async Task<Results<Ok<Delivery>, NotFound<string>>> GetAsync(string id, DeliveryStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } delivery && AccessScope.Of(user).SeesDelivery(delivery)
            ? TypedResults.Ok(delivery)
            : TypedResults.NotFound($"no delivery {id}");

    private static async Task<Results<Ok<Delivery>, BadRequest<string>, NotFound<string>, Conflict<AssignmentRefusal>>> AssignAsync(
        string id, AssignRequest request, DeliveryStore store, AssignmentChecks checks, TimeProvider time, ILogger<DeliveryStore> logger, ClaimsPrincipal user, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.CourierId) || string.IsNullOrWhiteSpace(request.BoxId))
        {
            return TypedResults.BadRequest("courierId and boxId are required");
        }

        if (await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } delivery || !AccessScope.Of(user).ManagesPlatform(delivery.Platform))
        {
            return TypedResults.NotFound($"no delivery {id}");
        }

        var reasons = await checks.RefusalsAsync(delivery, request.CourierId, request.BoxId, cancellationToken).ConfigureAwait(false);
        if (delivery.PickedUpAt is not null)
        {
            reasons = [.. reasons, $"order {id} has been picked up already"];
        }

        if (reasons.Count > 0)
        {
            DeliveriesLog.Refused(logger, id, string.Join("; ", reasons));
            return TypedResults.Conflict(new AssignmentRefusal(id, reasons));
        }

        var assigned = await store.AssignAsync(id, request.CourierId, request.BoxId, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (assigned is not null && delivery.AssignedAt is not null)
        {
            // A re-assignment replaces who carries the food in which box: keep what it was.
            await audit.RecordAsync(AuditEntry.Change(AuditActions.AssignmentChanged, AuditActor.From(context), new AuditTarget(AuditTarget.Delivery, id),
                Assignment.Of(delivery), Assignment.Of(assigned), delivery.Platform, delivery.MerchantRegion)).ConfigureAwait(false);
        }

        return assigned is null ? TypedResults.NotFound($"no delivery {id}") : TypedResults.Ok(assigned);
    }

    private static async Task<Results<Ok<Delivery>, NotFound<string>, Conflict<string>>> StepAsync(
        string id, bool handover, StepRequest? step, DeliveryStore store, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } existing || !AccessScope.Of(user).ManagesPlatform(existing.Platform))
        {
            return TypedResults.NotFound($"no delivery {id}");
        }

        var at = (step?.At ?? time.GetUtcNow()).ToUnixTimeMilliseconds();
        if (await store.RecordStepAsync(id, handover, at, null, cancellationToken).ConfigureAwait(false) is { } delivery)
        {
            return TypedResults.Ok(delivery);
        }

        return await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is null
            ? TypedResults.NotFound($"no delivery {id}")
            : TypedResults.Conflict($"order {id} is not assigned to a courier and a box yet");
    }
}
