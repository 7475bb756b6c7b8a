using Fleet.Firmware.Protocol;
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
        var couriers = app.MapGroup("/api/couriers").WithTags("Couriers");
        couriers.MapPut("/{id}", PutAsync).WithName("PutCourier").WithSummary("Register or update a courier");
        couriers.MapPost("/{id}/health-checks", HealthCheckAsync).WithName("RecordHealthCheck").WithSummary("Record a courier's daily health check");
        couriers.MapGet("/{id}", GetAsync).WithName("GetCourier").WithSummary("A courier and whether they are fit to deliver today");
        return app;
    }

    /// <summary>Dates are days in UTC, as the server's clock tells them.</summary>
    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static async Task<Results<Ok<CourierResponse>, BadRequest<string>>> PutAsync(
        string id, CourierRequest request, CourierStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!BoxIdentity.IsValid(id))
        {
            return TypedResults.BadRequest("a courier id is 1 to 32 characters from A-Z a-z 0-9 - _");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.CertificateExpires is not { } expires)
        {
            return TypedResults.BadRequest("name and certificateExpires (yyyy-MM-dd) are required");
        }

        await store.UpsertAsync(id, request.Name.Trim(), expires, request.Training, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Respond((await store.FindAsync(id, time.Today(), cancellationToken).ConfigureAwait(false))!, time));
    }

    private static async Task<Results<Ok<CourierResponse>, NotFound<string>>> HealthCheckAsync(
        string id, HealthCheckRequest request, CourierStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await store.RecordHealthCheckAsync(id, request.Day ?? time.Today(), request.Passed, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound($"no courier {id}");
        }

        return TypedResults.Ok(Respond((await store.FindAsync(id, time.Today(), cancellationToken).ConfigureAwait(false))!, time));
    }

    private static async Task<Results<Ok<CourierResponse>, NotFound<string>>> GetAsync(string id, CourierStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.FindAsync(id, time.Today(), cancellationToken).ConfigureAwait(false) is { } courier
            ? TypedResults.Ok(Respond(courier, time))
            : TypedResults.NotFound($"no courier {id}");

    private static CourierResponse Respond(Courier courier, TimeProvider time)
    {
        var reasons = courier.Unfitness(time.Today());
        return new CourierResponse(courier.CourierId, courier.Name, courier.CertificateExpires, courier.Training, courier.CheckedToday, reasons.Count == 0, reasons);
    }
}
