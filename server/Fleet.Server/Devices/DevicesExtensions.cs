using Fleet.Firmware.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Devices;

public static class DevicesExtensions
{
    /// <summary>Per-device MQTT credentials: the store and the service the broker checks them with.</summary>
    public static WebApplicationBuilder AddDevices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeviceCredentialStore>();
        builder.Services.AddSingleton<DeviceCredentials>();
        builder.Services.AddAuthorization(DevicePolicies.AddPlaceholder);
        return builder;
    }

    public static WebApplication MapDevicesApi(this WebApplication app)
    {
        var devices = app.MapGroup("/api/devices").WithTags("Devices").RequireAuthorization(DevicePolicies.Admin);
        devices.MapPost("/{boxId}/credentials", Issue)
            .WithName("IssueDeviceCredentials")
            .WithSummary("Issue a box's MQTT secret, or rotate it")
            .WithDescription("Returns the secret once; it is stored only as a SHA-256. Calling again rotates: the old secret stops working and the box's live session is dropped. Body (optional): {\"platform\":\"meituan-sz\"}.");
        devices.MapDelete("/{boxId}/credentials", Revoke)
            .WithName("RevokeDeviceCredentials")
            .WithSummary("Revoke a box's MQTT secret and drop its live session");
        return app;
    }

    private static Results<Ok<IssuedSecret>, ValidationProblem> Issue(string boxId, ProvisionRequest? request, DeviceCredentials credentials)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!BoxIdentity.IsValid(boxId))
        {
            errors["boxId"] = ["a box id is 1 to 32 characters of A-Z, a-z, 0-9, '-' and '_'"];
        }

        if (request?.Platform is { } platform && !ProvisionRequest.IsValidPlatform(platform, out var problem))
        {
            errors["platform"] = [problem];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // The platform is validated here; the merge hands it to BoxRegistry.AssignPlatformAsync (access workstream).
        return TypedResults.Ok(credentials.Issue(boxId, request?.Platform));
    }

    private static Results<NoContent, NotFound, ValidationProblem> Revoke(string boxId, DeviceCredentials credentials)
    {
        if (!BoxIdentity.IsValid(boxId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["boxId"] = ["not a valid box id"] });
        }

        return credentials.Revoke(boxId) ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
