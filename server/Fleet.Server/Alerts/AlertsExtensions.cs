using System.Security.Claims;
using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Alerts;

public static class AlertsExtensions
{
    private const int MaxNoteLength = 2000;

    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertsOptions>()
            .BindConfiguration(AlertsOptions.Section)
            .Validate(o => o.EscalateAfterSeconds is > 0 and <= 7 * 24 * 3600, "Alerts:EscalateAfterSeconds must be more than 0 and at most 604800.")
            .Validate(o => o.EscalationCheckSeconds is >= 0.05 and <= 3600, "Alerts:EscalationCheckSeconds must be between 0.05 and 3600.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SqliteAlertStore>();
        builder.Services.AddSingleton<AlertWriter>();
        builder.Services.AddSingleton<AlertService>();
        builder.Services.AddSingleton<AlertTenancy>();
        builder.Services.AddHostedService<AlertsLoader>();
        builder.Services.AddHostedService<AlertEscalator>();
        return builder;
    }

    public static WebApplication MapAlertsApi(this WebApplication app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(AccessExtensions.ReadPolicy);
        alerts.MapGet("", GetAlertsAsync)
            .WithName("GetAlerts")
            .WithSummary("Alerts, unresolved first, newest first")
            .WithDescription("state: open (raised, not yet acknowledged), acknowledged, unresolved (both), resolved or all (default all); box: only this box's alerts; rule: only this rule's; limit: at most this many (default 500).");
        alerts.MapPost("/{id:long}/acknowledge", AcknowledgeAsync)
            .RequireAuthorization(AccessExtensions.WritePolicy)
            .WithName("AcknowledgeAlert")
            .WithSummary("Acknowledge an open alert")
            .WithDescription("Body: {\"note\": why}, required. Acknowledged in the name of the signed-in user or token; a \"by\" in the body is ignored. 409 when the alert is already acknowledged or resolved.");
        alerts.MapPost("/{id:long}/resolve", ResolveAsync)
            .RequireAuthorization(AccessExtensions.WritePolicy)
            .WithName("ResolveAlert")
            .WithSummary("Resolve an open or acknowledged alert by hand")
            .WithDescription("Body: {\"note\": why}, required. Resolved in the name of the signed-in user or token; a \"by\" in the body is ignored. 409 when the alert is already resolved.");
        return app;
    }

    private static async Task<Results<Ok<List<AlertView>>, BadRequest<string>>> GetAlertsAsync(
        AlertService alerts, string? state, string? box, string? rule, int? limit, ScopeGuard guard, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        string? stateFilter = (state ?? "all") switch
        {
            "open" => Alert.Open,
            "acknowledged" => Alert.Acknowledged,
            "unresolved" => SqliteAlertStore.Unresolved,
            "resolved" => Alert.Resolved,
            "all" => null,
            _ => "invalid",
        };
        if (stateFilter == "invalid")
        {
            return TypedResults.BadRequest("state must be open, acknowledged, unresolved, resolved or all");
        }

        if (limit is < 1 or > 10_000)
        {
            return TypedResults.BadRequest("limit must be between 1 and 10000");
        }

        var scope = AccessScope.Of(user);
        var visible = await guard.BoxFilterAsync(scope, cancellationToken).ConfigureAwait(false);
        var wanted = limit ?? 500;
        // Outside an admin's view the filter drops some, so ask for the most and keep the first wanted.
        var found = await alerts.QueryAsync(stateFilter, box, scope.IsAdmin ? wanted : 10_000, cancellationToken, rule).ConfigureAwait(false);
        var views = new List<AlertView>(Math.Min(found.Count, wanted));
        foreach (var alert in found)
        {
            if (views.Count < wanted && visible.Alert(alert.BoxId, alert.RaisedAtMs))
            {
                views.Add(alert.ToView());
            }
        }

        return TypedResults.Ok(views);
    }

    private static Task<Results<Ok<AlertView>, BadRequest<string>, NotFound<string>, Conflict<string>>> AcknowledgeAsync(
        long id, AlertAction action, AlertService alerts, ScopeGuard guard, AlertTenancy tenancy, AuditTrail audit, HttpContext context, ILogger<AlertService> logger, CancellationToken cancellationToken) =>
        HandleAsync(id, action, "acknowledged", alerts.AcknowledgeAsync, alerts, guard, tenancy, AuditActions.AlertAcknowledged, audit, context, logger, cancellationToken);

    private static Task<Results<Ok<AlertView>, BadRequest<string>, NotFound<string>, Conflict<string>>> ResolveAsync(
        long id, AlertAction action, AlertService alerts, ScopeGuard guard, AlertTenancy tenancy, AuditTrail audit, HttpContext context, ILogger<AlertService> logger, CancellationToken cancellationToken) =>
        HandleAsync(id, action, "resolved", alerts.ResolveByHandAsync, alerts, guard, tenancy, AuditActions.AlertResolved, audit, context, logger, cancellationToken);

    private static async Task<Results<Ok<AlertView>, BadRequest<string>, NotFound<string>, Conflict<string>>> HandleAsync(
        long id,
        AlertAction action,
        string verb,
        Func<long, string, string, CancellationToken, Task<Alert?>> change,
        AlertService alerts,
        ScopeGuard guard,
        AlertTenancy tenancy,
        string auditAction,
        AuditTrail audit,
        HttpContext context,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (await alerts.FindAsync(id, cancellationToken).ConfigureAwait(false) is not { } existing
            || !await guard.SeesAlertAsync(AccessScope.Of(context.User), existing, cancellationToken).ConfigureAwait(false))
        {
            return TypedResults.NotFound($"no alert {id}");
        }

        // Who handles the alert is whoever is signed in (or whose token this is); a "by" in the body is ignored.
        var by = AuditActor.From(context).Name;
        var note = action.Note?.Trim();

        if (string.IsNullOrEmpty(note) || note.Length > MaxNoteLength)
        {
            return TypedResults.BadRequest($"note is required: what was done or found (at most {MaxNoteLength} characters)");
        }

        if (await change(id, by, note, cancellationToken).ConfigureAwait(false) is { } changed)
        {
            AlertsLog.Handled(logger, id, verb, by, note);
            var (platform, region) = await tenancy.OfAsync(existing, CancellationToken.None).ConfigureAwait(false);
            await audit.RecordAsync(AuditEntry.Change(auditAction, AuditActor.From(context), AuditTarget.ForAlert(id), existing, changed, platform, region)).ConfigureAwait(false);
            return TypedResults.Ok(changed.ToView());
        }

        return await alerts.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } current
            ? TypedResults.Conflict($"alert {id} is {current.State} and cannot be {verb}")
            : TypedResults.NotFound($"no alert {id}");
    }

    private sealed class AlertsLoader(AlertService alerts) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => alerts.EnsureLoadedAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
