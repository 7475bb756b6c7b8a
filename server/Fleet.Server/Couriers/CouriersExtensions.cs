using System.Security.Claims;
using Fleet.Firmware.Protocol;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Fleet.Server.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Couriers;

/// <summary>The courier registry (R7): health certificates, daily health checks, training records.</summary>
public static class CouriersExtensions
{
    public static WebApplicationBuilder AddCouriers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CourierStore>();
        return builder;
    }

    public static WebApplication MapCouriersApi(this WebApplication app)
    {
        // Couriers are the platforms' business: admins and managers (their own platform's) only.
        var couriers = app.MapGroup("/api/couriers").WithTags("Couriers").RequireAuthorization(AccessExtensions.WritePolicy);
        couriers.MapPut("/{id}", PutAsync).WithName("PutCourier").WithSummary("Register or update a courier");
        couriers.MapPost("/{id}/health-checks", HealthCheckAsync).WithName("RecordHealthCheck").WithSummary("Record a courier's daily health check");
        couriers.MapGet("/{id}", GetAsync).WithName("GetCourier").WithSummary("A courier and whether they are fit to deliver today");
        return app;
    }

    private static async Task<Results<Ok<CourierResponse>, BadRequest<string>, NotFound<string>, ForbidHttpResult>> PutAsync(
        string id, CourierRequest request, CourierStore store, PlatformCalendar calendar, ClaimsPrincipal user, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var scope = AccessScope.Of(user);
        if (!scope.IsAdmin)
        {
            if (request.Platform is not null && request.Platform != scope.Platform)
            {
                return TypedResults.Forbid();
            }

            request = request with { Platform = scope.Platform };
            if (await store.FindAsync(id, calendar.Today(), cancellationToken).ConfigureAwait(false) is { } existing && !scope.ManagesPlatform(existing.Platform))
            {
                return TypedResults.NotFound($"no courier {id}");
            }
        }

        if (!BoxIdentity.IsValid(id))
        {
            return TypedResults.BadRequest("a courier id is 1 to 32 characters from A-Z a-z 0-9 - _");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.CertificateExpires is not { } expires)
        {
            return TypedResults.BadRequest("name and certificateExpires (yyyy-MM-dd) are required");
        }

        if (request.Platform is not null && !Access.Tenancy.IsValidPlatform(request.Platform))
        {
            return TypedResults.BadRequest(Access.Tenancy.PlatformRule);
        }

        var before = await store.FindAsync(id, calendar.Today(), cancellationToken).ConfigureAwait(false);
        await store.UpsertAsync(id, request.Name.Trim(), expires, request.Training, request.Platform, cancellationToken).ConfigureAwait(false);
        var after = (await store.FindAsync(id, calendar.Today(), cancellationToken).ConfigureAwait(false))!;
        await audit.RecordAsync(AuditEntry.ConfigChanged(AuditActor.From(context), new AuditTarget(AuditTarget.Courier, id), before, after, after.Platform)).ConfigureAwait(false);
        return TypedResults.Ok(Respond(after, calendar));
    }

    private static async Task<Results<Ok<CourierResponse>, NotFound<string>>> HealthCheckAsync(
        string id, HealthCheckRequest request, CourierStore store, PlatformCalendar calendar, ClaimsPrincipal user, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var day = request.Day ?? calendar.Today();
        var before = await store.FindAsync(id, day, cancellationToken).ConfigureAwait(false);
        if (before is null
            || !AccessScope.Of(user).ManagesPlatform(before.Platform)
            || !await store.RecordHealthCheckAsync(id, day, request.Passed, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound($"no courier {id}");
        }

        await audit.RecordAsync(AuditEntry.ConfigChanged(
            AuditActor.From(context),
            new AuditTarget(AuditTarget.HealthCheck, id),
            before.CheckedToday is { } earlier ? new { day, passed = earlier } : null,
            new { day, passed = request.Passed },
            before.Platform)).ConfigureAwait(false);

        return TypedResults.Ok(Respond((await store.FindAsync(id, calendar.Today(), cancellationToken).ConfigureAwait(false))!, calendar));
    }

    private static async Task<Results<Ok<CourierResponse>, NotFound<string>>> GetAsync(
        string id, CourierStore store, PlatformCalendar calendar, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await store.FindAsync(id, calendar.Today(), cancellationToken).ConfigureAwait(false) is { } courier && AccessScope.Of(user).ManagesPlatform(courier.Platform)
            ? TypedResults.Ok(Respond(courier, calendar))
            : TypedResults.NotFound($"no courier {id}");

    private static CourierResponse Respond(Courier courier, PlatformCalendar calendar)
    {
        var reasons = courier.Unfitness(calendar.Today());
        return new CourierResponse(courier.CourierId, courier.Name, courier.CertificateExpires, courier.Training, courier.CheckedToday, reasons.Count == 0, reasons, courier.Platform);
    }
}
