using System.Security.Claims;
using Fleet.Firmware.Protocol;
using Fleet.Server.Access;
using Fleet.Server.Rules;
using Fleet.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Boxes;

/// <summary>Box profiles (compartment capabilities, in-service date), calibration records and the disinfection check.</summary>
public static class BoxProfilesExtensions
{
    public static WebApplicationBuilder AddBoxProfiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DisinfectionOptions>()
            .BindConfiguration(DisinfectionOptions.Section)
            .Validate(o => o.MinDoseSeconds is > 0 and <= 3600, "Disinfection:MinDoseSeconds must be more than 0 and at most 3600.")
            .Validate(o => o.MaxAgeHours is > 0 and <= 24, "Disinfection:MaxAgeHours must be more than 0 and at most 24 (boxes are disinfected daily).")
            .Validate(o => o.ReplaceAfterDays is >= 1 and <= 3650, "Disinfection:ReplaceAfterDays must be between 1 and 3650.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BoxProfileStore>();
        builder.Services.AddSingleton<BoxProfileEditor>();
        builder.Services.AddSingleton<Disinfections>();
        return builder;
    }

    public static WebApplication MapBoxProfilesApi(this WebApplication app)
    {
        var boxes = app.MapGroup("/api/boxes").WithTags("Boxes").RequireAuthorization(AccessExtensions.ReadPolicy);
        boxes.MapPut("/{id}/profile", PutProfileAsync).WithName("PutBoxProfile").RequireAuthorization(AccessExtensions.WritePolicy)
            .WithSummary("Set a box's profile")
            .WithDescription("Body: {\"inService\": \"yyyy-MM-dd\", \"compartments\": [{\"channel\": \"c1\", \"capability\": \"chilled\", \"maxCelsius\": 5}]}; capability is chilled, frozen, hot or ambient; maxCelsius, minCelsius and graceMinutes are optional and may only tighten the kind's limits.");
        boxes.MapGet("/{id}/profile", GetProfileAsync).WithName("GetBoxProfile").WithSummary("A box's profile and calibration records");
        boxes.MapPost("/{id}/calibrations", AddCalibrationAsync).WithName("AddCalibration").RequireAuthorization(AccessExtensions.WritePolicy).WithSummary("Record a sensor calibration (R8)");
        return app;
    }

    private static async Task<Results<Ok<BoxProfile>, BadRequest<string>, NotFound<string>>> PutProfileAsync(
        string id, BoxProfileRequest request, BoxProfileEditor editor, ScopeGuard guard, ClaimsPrincipal user, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await SeesAsync(guard, user, id, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound($"no box {id}");
        }

        if (!BoxIdentity.IsValid(id))
        {
            return TypedResults.BadRequest("a box id is 1 to 32 characters from A-Z a-z 0-9 - _");
        }

        if (request.InService is not { } since || request.Compartments is not { Count: > 0 } compartments)
        {
            return TypedResults.BadRequest("inService (yyyy-MM-dd) and at least one compartment are required");
        }

        var profile = new BoxProfile(id, since, compartments);
        return await editor.SaveAsync(profile, AuditActor.From(context), cancellationToken).ConfigureAwait(false) is { } problem
            ? TypedResults.BadRequest(problem)
            : TypedResults.Ok(profile);
    }

    private static async Task<Results<Ok<BoxProfileResponse>, NotFound<string>>> GetProfileAsync(
        string id, BoxProfileStore store, ScopeGuard guard, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await SeesAsync(guard, user, id, cancellationToken).ConfigureAwait(false) && await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } profile
            ? TypedResults.Ok(new BoxProfileResponse(profile, await store.CalibrationsAsync(id, cancellationToken).ConfigureAwait(false)))
            : TypedResults.NotFound($"no profile for box {id}");

    private static async Task<Results<Ok<IReadOnlyList<CalibrationRecord>>, BadRequest<string>, NotFound<string>>> AddCalibrationAsync(
        string id, CalibrationRecord record, BoxProfileStore store, ScopeGuard guard, BoxRegistry registry, ClaimsPrincipal user, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        if (!await SeesAsync(guard, user, id, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound($"no box {id}");
        }

        if (!BoxProfileEditor.ChannelNameIsValid(record.Channel) || record.DueOn <= record.CalibratedOn)
        {
            return TypedResults.BadRequest("channel must be c1…c8 and dueOn after calibratedOn");
        }

        // A record for the same channel and day is updated in place (its due date): keep what it said.
        var before = (await store.CalibrationsAsync(id, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => c.Channel == record.Channel && c.CalibratedOn == record.CalibratedOn);
        await store.AddCalibrationAsync(id, record, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(AuditEntry.ConfigChanged(AuditActor.From(context), new AuditTarget(AuditTarget.Calibration, id), before, record, registry.PlatformOf(id))).ConfigureAwait(false);
        return TypedResults.Ok(await store.CalibrationsAsync(id, cancellationToken).ConfigureAwait(false));
    }

    // Admins may describe a box before it first connects; others only boxes in their scope.
    private static async Task<bool> SeesAsync(ScopeGuard guard, ClaimsPrincipal user, string id, CancellationToken cancellationToken)
    {
        var scope = AccessScope.Of(user);
        return scope.IsAdmin || await guard.SeesBoxAsync(scope, id, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The body of PUT /api/boxes/{id}/profile.</summary>
public sealed record BoxProfileRequest(DateOnly? InService, List<CompartmentCapability>? Compartments);

/// <summary>A box's profile with its calibration records.</summary>
public sealed record BoxProfileResponse(BoxProfile Profile, IReadOnlyList<CalibrationRecord> Calibrations);
