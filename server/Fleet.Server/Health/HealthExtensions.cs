using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Fleet.Server.Storage.Influx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Health;

public static class HealthExtensions
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async Task<IResult> (IReadingStore store, IMqttIngress broker, HttpContext context, CancellationToken cancellationToken) =>
            {
                var report = new HealthReport(
                    await store.IsReachableAsync(cancellationToken).ConfigureAwait(false),
                    broker.IsRunning,
                    broker.Port);
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
            .WithSummary("Whether the store answers and the MQTT broker runs (200 when both, else 503); with InfluxDB, whether it answers and the spool backlog")
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

    public bool Healthy => Store && Broker;

    public string Status => Healthy ? "healthy" : "unhealthy";
}
