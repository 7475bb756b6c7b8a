using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Fleet.Server.Audit;

/// <summary>
/// One entry to append to the audit trail, before the trail gives it its sequence, time and hash.
/// <see cref="Before"/> and <see cref="After"/> are JSON documents of the target as it was and as it
/// became, so an earlier value is never hidden by a later one (21 CFR 11.10(e)). Build entries with
/// the factory methods and hand them to <see cref="AuditTrail.RecordAsync"/>.
/// </summary>
/// <param name="Platform">The target's platform (tenant), when known.</param>
/// <param name="Region">The target's region code (6-digit administrative division), when known: regulators see entries in their regions.</param>
public sealed record AuditEntry(
    string Action,
    AuditActor Actor,
    AuditTarget? Target,
    string? Platform,
    string? Region,
    string? Before,
    string? After)
{
    // Chinese names and notes stay readable in the trail (not \uXXXX); HTML-sensitive characters
    // are still escaped.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>A change of <paramref name="target"/> from <paramref name="before"/> to <paramref name="after"/> (either may be null: created, deleted).</summary>
    public static AuditEntry Change(string action, AuditActor actor, AuditTarget target, object? before, object? after, string? platform = null, string? region = null) =>
        new(action, actor, target, platform, region, ToJson(before), ToJson(after));

    /// <summary>A configuration change (box profile, calibration, courier, health check, rule or retention setting).</summary>
    public static AuditEntry ConfigChanged(AuditActor actor, AuditTarget target, object? before, object? after, string? platform = null, string? region = null) =>
        Change(AuditActions.ConfigChanged, actor, target, before, after, platform, region);

    /// <summary>A successful sign-in of <paramref name="actor"/> (the signed-in user or token, their roles, their address).</summary>
    public static AuditEntry SignInSucceeded(AuditActor actor, string method) =>
        new(AuditActions.SignInSucceeded, actor, new AuditTarget(AuditTarget.User, actor.Name), null, null, null, ToJson(new { method }));

    /// <summary>
    /// A refused sign-in: the actor is anonymous (with the client's address), the target is the user
    /// name that was tried; the reason (unknown user, wrong password, throttled …) goes in after.
    /// Never pass the password.
    /// </summary>
    public static AuditEntry SignInFailed(string? clientAddress, string attemptedName, string reason) =>
        new(AuditActions.SignInFailed, new AuditActor(AuditActor.AnonymousName, null, clientAddress), new AuditTarget(AuditTarget.User, string.IsNullOrEmpty(attemptedName) ? null : attemptedName),
            null, null, null, ToJson(new { reason }));

    /// <summary>Serialises a value as compact JSON with web (camelCase) names; null stays null.</summary>
    public static string? ToJson(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);
}
