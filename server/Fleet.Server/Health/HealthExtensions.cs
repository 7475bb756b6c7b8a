using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Health;

public static class HealthExtensions
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> (IReadingStore store, MqttBrokerService broker, CancellationToken cancellationToken) =>
            {
                var report = new HealthReport(
                    await store.IsReachableAsync(cancellationToken).ConfigureAwait(false),
                    broker.IsRunning,
                    broker.Port);
                return report.Healthy
                    ? TypedResults.Ok(report)
                    : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
            })
            .WithName("GetHealth")
            .WithSummary("Whether the store answers and the MQTT broker runs (200 when both, else 503)")
            .WithTags("Health");
        return app;
    }
}

/// <summary>The body of GET /health.</summary>
public sealed record HealthReport(bool Store, bool Broker, int MqttPort)
{
    public bool Healthy => Store && Broker;

    public string Status => Healthy ? "healthy" : "unhealthy";
}
