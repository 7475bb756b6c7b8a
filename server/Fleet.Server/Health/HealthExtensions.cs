using Fleet.Server.Ingestion;
using Fleet.Server.Rules;
using Fleet.Server.Storage;
using Fleet.Server.Storage.Influx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Health;

public static class HealthExtensions
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async Task<IResult> (IReadingStore store, IMqttIngress broker, RuleRebuild rules, HttpContext context, CancellationToken cancellationToken) =>
            {
                var report = new HealthReport(
                    await store.IsReachableAsync(cancellationToken).ConfigureAwait(false),
                    broker.IsRunning,
                    broker.Port)
                {
                    RulesRebuilding = rules.IsRebuilding,
                    RuleCompartments = rules.Compartments,
                    RuleCompartmentsRebuilt = rules.CompartmentsDone,
                };
                if (store is InfluxReadingStore influx)
                {
                    // Still healthy while InfluxDB is away: readings are acknowledged from the spool.
                    report = report with
                    {
                        TimeSeries = StorageOptions.InfluxDb,
                        InfluxDb = await influx.PingAsync(cancellationToken).ConfigureAwait(false),
                        SpoolBacklog = influx.Backlog,
                    };
                }

                // Open to load balancers; the details (ports, backlog) only to a signed-in caller.
                object body = context.User.Identity?.IsAuthenticated == true ? report : new { status = report.Status };
                return report.Healthy
                    ? TypedResults.Ok(body)
                    : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous()
            .WithName("GetHealth")
            .WithSummary("Whether the store answers and the MQTT broker runs (200 when both, else 503); whether rule state is still being rebuilt after a start; with InfluxDB, whether it answers and the spool backlog")
            .WithTags("Health");
        return app;
    }
}

/// <summary>The body of GET /health.</summary>
public sealed record HealthReport(bool Store, bool Broker, int MqttPort)
{
    /// <summary>Where readings go: Sqlite or InfluxDb.</summary>
    public string TimeSeries { get; init; } = StorageOptions.Sqlite;

    /// <summary>Whether InfluxDB answers /ping; null with the SQLite store.</summary>
    public bool? InfluxDb { get; init; }

    /// <summary>Records spooled locally and not yet in InfluxDB (also metric fleet.influx.spool.backlog).</summary>
    public long SpoolBacklog { get; init; }

    /// <summary>
    /// True while rule state is being rebuilt after a start: readings are stored and acknowledged, and
    /// their rules run once it is done. Not a failure: the server is healthy meanwhile.
    /// </summary>
    public bool RulesRebuilding { get; init; }

    /// <summary>Compartments the start-up rebuild runs through their rules (0 until it has listed them).</summary>
    public int RuleCompartments { get; init; }

    /// <summary>Compartments rebuilt so far.</summary>
    public int RuleCompartmentsRebuilt { get; init; }

    public bool Healthy => Store && Broker;

    public string Status => Healthy ? "healthy" : "unhealthy";
}
