using System.Globalization;
using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Audit;

/// <summary>The audit trail: its service, the reading and verification API, and the dashboard's audit feed.</summary>
public static class AuditExtensions
{
    /// <summary>
    /// The policy of the audit API: admins, and regulators (whose reads are then scoped to their
    /// regions). None of access's policies is this pair (its read policy lets managers in too), so
    /// the trail keeps its own, built from the same role names.
    /// </summary>
    public const string ReadersPolicy = "audit-readers";

    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditMetrics>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddScoped<IAuditFeed, AuditFeed>();
        builder.Services.AddHostedService<SettingsAudit>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadersPolicy, policy => policy.RequireRole(FleetClaims.AdminRole, FleetClaims.RegulatorRole));
        return builder;
    }

    public static WebApplication MapAuditApi(this WebApplication app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(ReadersPolicy);
        audit.MapGet("", GetEntriesAsync)
            .WithName("GetAuditTrail")
            .WithSummary("Audit entries, newest first, one page")
            .WithDescription("from, to: ISO-8601 times; action: an action code such as alert.acknowledged; target: kind or kind/id (alert/42); actor: a user or token name; cursor: the nextCursor of the previous page; limit: 1 to 1000 (default 100). Admins see every entry, regulators those of their regions.");
        audit.MapGet("/verify", VerifyAsync)
            .WithName("VerifyAuditTrail")
            .WithSummary("Recompute the audit trail's hash chain and name the first broken entry");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, BadRequest<string>, ProblemHttpResult>> GetEntriesAsync(
        HttpContext context,
        string? from,
        string? to,
        string? action,
        string? target,
        string? actor,
        string? cursor,
        string? limit,
        AuditTrail trail,
        AuditMetrics metrics,
        ILogger<AuditTrail> logger,
        CancellationToken cancellationToken)
    {
        if (AuditScope.For(context.User) is not { } scope)
        {
            AuditLog.ReadRefused(logger, AuditActor.From(context).Name);
            metrics.Rejected("out-of-scope");
            return TypedResults.Problem("Only admins and regulators with a region may read the audit trail.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (Parse(from, to, action, target, actor, cursor, limit, out var query) is { } reason)
        {
            AuditLog.QueryRejected(logger, reason);
            metrics.Rejected("bad-query");
            return TypedResults.BadRequest(reason);
        }

        return TypedResults.Ok(await trail.QueryAsync(query, scope, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<AuditVerification>, ProblemHttpResult>> VerifyAsync(
        HttpContext context, AuditTrail trail, AuditMetrics metrics, ILogger<AuditTrail> logger, CancellationToken cancellationToken)
    {
        if (AuditScope.For(context.User) is null)
        {
            AuditLog.ReadRefused(logger, AuditActor.From(context).Name);
            metrics.Rejected("out-of-scope");
            return TypedResults.Problem("Only admins and regulators with a region may verify the audit trail.", statusCode: StatusCodes.Status403Forbidden);
        }

        return TypedResults.Ok(await trail.VerifyAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads the query string into an <see cref="AuditQuery"/>; returns why not when it cannot.</summary>
    internal static string? Parse(string? from, string? to, string? action, string? target, string? actor, string? cursor, string? limit, out AuditQuery query)
    {
        query = new AuditQuery();
        DateTimeOffset? start = null, end = null;
        if (from is not null)
        {
            if (!DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return "from must be an ISO-8601 time such as 2026-11-23T08:00:00Z";
            }

            start = parsed;
        }

        if (to is not null)
        {
            if (!DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return "to must be an ISO-8601 time such as 2026-11-23T18:00:00Z";
            }

            end = parsed;
        }

        if (start > end)
        {
            return "from must not be after to";
        }

        string? kind = null, id = null;
        if (!string.IsNullOrWhiteSpace(target))
        {
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            kind = slash < 0 ? target.Trim() : target[..slash].Trim();
            id = slash < 0 ? null : target[(slash + 1)..].Trim();
            if (kind.Length == 0 || id is { Length: 0 })
            {
                return "target must be a kind (alert) or a kind and an id (alert/42)";
            }
        }

        long? before = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return "cursor must be the nextCursor of a previous page";
            }

            before = parsed;
        }

        var size = AuditQuery.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > AuditQuery.MaxLimit))
        {
            return $"limit must be between 1 and {AuditQuery.MaxLimit}";
        }

        query = new AuditQuery(start, end, Blank(action), kind, id, Blank(actor), before, size);
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
