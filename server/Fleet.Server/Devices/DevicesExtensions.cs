using Fleet.Firmware.Protocol;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Fleet.Server.Boxes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Devices;

public static class DevicesExtensions
{
    /// <summary>Per-device MQTT credentials: the store and the service the broker checks them with.</summary>
    public static WebApplicationBuilder AddDevices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeviceCredentialStore>();
        builder.Services.AddSingleton<DeviceCredentials>();
        return builder;
    }

    public static WebApplication MapDevicesApi(this WebApplication app)
    {
        var devices = app.MapGroup("/api/devices").WithTags("Devices").RequireAuthorization(AccessExtensions.AdminPolicy);
        devices.MapPost("/{boxId}/credentials", Issue)
            .WithName("IssueDeviceCredentials")
            .WithSummary("Issue a box's MQTT secret, or rotate it")
            .WithDescription("Returns the secret once; it is stored only as a SHA-256. Calling again rotates: the old secret stops working and the box's live session is dropped. Body (optional): {\"platform\":\"meituan-sz\"}.");
        devices.MapPost("/{boxId}/commands", SendCommandAsync)
            .WithName("SendDeviceCommand")
            .WithSummary("Send a command to a box over MQTT")
            .WithDescription("The body is a command document of docs/protocol.md (e.g. {\"cmd\":\"resend\",\"from\":1795000000,\"to\":1795003600}); the server publishes it to fleet/v1/boxes/{boxId}/commands with QoS 1. Boxes cannot publish commands themselves. With an external broker (Mqtt:Mode=External) the server publishes through its own client connection. 503 when the broker is not there or refuses.");
        devices.MapDelete("/{boxId}/credentials", Revoke)
            .WithName("RevokeDeviceCredentials")
            .WithSummary("Revoke a box's MQTT secret and drop its live session");
        return app;
    }

    private static async Task<Results<Ok<IssuedSecret>, ValidationProblem>> Issue(
        string boxId, ProvisionRequest? request, DeviceCredentials credentials, BoxRegistry registry, AuditTrail audit, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!BoxIdentity.IsValid(boxId))
        {
            errors["boxId"] = ["a box id is 1 to 32 characters of A-Z, a-z, 0-9, '-' and '_'"];
        }

        if (request?.Platform is { } platform && !Tenancy.IsValidPlatform(platform))
        {
            errors["platform"] = [Tenancy.PlatformRule];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var issued = credentials.Issue(boxId, request?.Platform);
        if (request?.Platform is { } owner)
        {
            await registry.AssignPlatformAsync(boxId, owner, cancellationToken).ConfigureAwait(false);
        }

        // The secret itself is never recorded: only that it was issued or rotated, when, and for which platform.
        await audit.RecordAsync(AuditEntry.Change(AuditActions.DeviceCredentialsChanged, AuditActor.From(context), new AuditTarget(AuditTarget.Device, boxId),
            null, new { action = issued.Rotated ? "rotated" : "issued", issued.IssuedAt, issued.Platform }, issued.Platform ?? registry.PlatformOf(boxId))).ConfigureAwait(false);
        return TypedResults.Ok(issued);
    }

    private static async Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> SendCommandAsync(
        string boxId, System.Text.Json.JsonElement command, Ingestion.IMqttIngress broker, ILoggerFactory logs, HttpContext context, CancellationToken cancellationToken)
    {
        if (!BoxIdentity.IsValid(boxId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["boxId"] = ["not a valid box id"] });
        }

        if (command.ValueKind != System.Text.Json.JsonValueKind.Object || !command.TryGetProperty("cmd", out var name) || name.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["cmd"] = ["a command is a JSON object with a \"cmd\" string (docs/protocol.md)"] });
        }

        var logger = logs.CreateLogger(typeof(DevicesExtensions).FullName!);
        var by = AuditActor.From(context).Name;
        try
        {
            await broker.SendCommandAsync(boxId, System.Text.Encoding.UTF8.GetBytes(command.GetRawText()), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            DevicesLog.CommandFailed(logger, name.GetString()!, boxId, by, exception.Message);
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        DevicesLog.CommandSent(logger, name.GetString()!, boxId, by);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> Revoke(string boxId, DeviceCredentials credentials, BoxRegistry registry, AuditTrail audit, HttpContext context)
    {
        if (!BoxIdentity.IsValid(boxId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["boxId"] = ["not a valid box id"] });
        }

        if (!credentials.Revoke(boxId))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(AuditEntry.Change(AuditActions.DeviceCredentialsChanged, AuditActor.From(context), new AuditTarget(AuditTarget.Device, boxId),
            null, new { action = "revoked" }, registry.PlatformOf(boxId))).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
