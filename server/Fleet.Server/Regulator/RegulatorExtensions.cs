using System.Security.Claims;
using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Regulator;

/// <summary>
/// The regulator's read-only API (R10): deliveries with their verdicts, temperature excursions and
/// statistics, each within the caller's jurisdiction: a regulator's regions, a manager's own
/// platform, everything for an admin. Another region's data is simply not there (an empty answer),
/// never an error that would confirm it exists.
/// </summary>
public static class RegulatorExtensions
{
    /// <summary>How many excursions one answer lists at most.</summary>
    public const int ExcursionLimit = 1000;

    public static WebApplicationBuilder AddRegulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RegulatorStore>();
        builder.Services.AddSingleton<RegulatorMetrics>();
        builder.Services.AddScoped<IRegulatorData, ScopedRegulatorData>();
        return builder;
    }

    public static WebApplication MapRegulatorApi(this WebApplication app)
    {
        var regulator = app.MapGroup("/api/regulator").WithTags("Regulator").RequireAuthorization(AccessExtensions.ReadPolicy);
        regulator.MapGet("/deliveries", DeliveriesAsync).WithName("RegulatorDeliveries")
            .WithSummary("Deliveries ordered in a window, with their verdict's summary, newest first, paged")
            .WithDescription("Query: platform, merchant, region (a region-code prefix), from, to (ISO 8601; default the last 30 days, at most 366), compliant (true/false: only handed-over deliveries with that verdict), page (from 1), pageSize (1-500, default 50). 400 with a reason for a bad value.");
        regulator.MapGet("/excursions", ExcursionsAsync).WithName("RegulatorExcursions")
            .WithSummary("Temperature alerts and non-compliant verdicts' reasons of the deliveries in a window")
            .WithDescription("The same filters as /deliveries (compliant and paging aside). Alerts raised in the window while the order was in its box; at most 1000, newest first.");
        regulator.MapGet("/statistics", StatisticsAsync).WithName("RegulatorStatistics")
            .WithSummary("Deliveries, compliance, excursions, late hand-overs and mean processing-to-hand-over minutes per group")
            .WithDescription("groupBy: platform, merchant, region or day (UTC; default platform), and the filters of /deliveries.");
        return app;
    }

    private static async Task<Results<Ok<RegulatorDeliveryPage>, BadRequest<string>>> DeliveriesAsync(
        HttpContext context, RegulatorStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Read(context, out var query, out var refusal))
        {
            return refusal;
        }

        return TypedResults.Ok(await store.DeliveriesAsync(AccessScope.Of(user), query.Filter, query.Page, query.PageSize, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<IReadOnlyList<RegulatorExcursion>>, BadRequest<string>>> ExcursionsAsync(
        HttpContext context, RegulatorStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Read(context, out var query, out var refusal))
        {
            return refusal;
        }

        return TypedResults.Ok(await store.ExcursionsAsync(AccessScope.Of(user), query.Filter, ExcursionLimit, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<RegulatorStatistics>, BadRequest<string>>> StatisticsAsync(
        HttpContext context, RegulatorStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Read(context, out var query, out var refusal))
        {
            return refusal;
        }

        var groupBy = context.Request.Query["groupBy"].ToString().Trim();
        if (groupBy.Length == 0)
        {
            groupBy = "platform";
        }

        if (!RegulatorStore.Groupings.Contains(groupBy))
        {
            return Refuse(context, $"groupBy must be one of: {string.Join(", ", RegulatorStore.Groupings)}");
        }

        var rows = await store.StatisticsAsync(AccessScope.Of(user), query.Filter, groupBy, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new RegulatorStatistics(groupBy, query.Filter.From, query.Filter.To, rows));
    }

    private static bool Read(HttpContext context, out RegulatorQuery query, out BadRequest<string> refusal)
    {
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        if (RegulatorQuery.TryRead(context.Request.Query, time.GetUtcNow(), out query, out var reason))
        {
            refusal = null!;
            return true;
        }

        refusal = Refuse(context, reason);
        return false;
    }

    private static BadRequest<string> Refuse(HttpContext context, string reason)
    {
        context.RequestServices.GetRequiredService<RegulatorMetrics>().Refused();
        RegulatorLog.Refused(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegulatorExtensions)),
            context.Request.Path, context.User.Identity?.Name ?? "anonymous", reason);
        return TypedResults.BadRequest(reason);
    }
}

/// <summary>The statistics answer: how it is grouped, its window, and a row per group.</summary>
public sealed record RegulatorStatistics(string GroupBy, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RegulatorStatisticsRow> Rows);
