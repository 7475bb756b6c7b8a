using Fleet.Dashboard.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Alerts;

public static class AlertsExtensions
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SqliteAlertStore>();
        builder.Services.AddSingleton<AlertService>();
        builder.Services.AddHostedService<AlertsLoader>();
        return builder;
    }

    public static WebApplication MapAlertsApi(this WebApplication app)
    {
        app.MapGet("/api/alerts", GetAlertsAsync)
            .WithName("GetAlerts")
            .WithSummary("Alerts, open first, newest first")
            .WithDescription("state: open, resolved or all (default all); box: only this box's alerts; limit: at most this many (default 500).")
            .WithTags("Alerts");
        return app;
    }

    private static async Task<Results<Ok<List<AlertView>>, BadRequest<string>>> GetAlertsAsync(
        AlertService alerts, string? state, string? box, int? limit, CancellationToken cancellationToken)
    {
        string? stateFilter = (state ?? "all") switch
        {
            "open" => Alert.Open,
            "resolved" => Alert.Resolved,
            "all" => null,
            _ => "invalid",
        };
        if (stateFilter == "invalid")
        {
            return TypedResults.BadRequest("state must be open, resolved or all");
        }

        if (limit is < 1 or > 10_000)
        {
            return TypedResults.BadRequest("limit must be between 1 and 10000");
        }

        var found = await alerts.QueryAsync(stateFilter, box, limit ?? 500, cancellationToken).ConfigureAwait(false);
        var views = new List<AlertView>(found.Count);
        foreach (var alert in found)
        {
            views.Add(alert.ToView());
        }

        return TypedResults.Ok(views);
    }

    private sealed class AlertsLoader(AlertService alerts) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => alerts.EnsureLoadedAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
