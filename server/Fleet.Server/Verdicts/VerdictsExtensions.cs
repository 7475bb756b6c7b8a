using System.Security.Claims;
using Fleet.Server.Access;
using Fleet.Server.Deliveries;
using Fleet.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Verdicts;

/// <summary>Per-delivery compliance verdicts: computed on hand-over, recomputed on late data, served by order id.</summary>
public static class VerdictsExtensions
{
    public static WebApplicationBuilder AddVerdicts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VerdictOptions>()
            .BindConfiguration(VerdictOptions.Section)
            .Validate(o => o.DangerZoneHours is > 0 and <= 48, "Verdicts:DangerZoneHours must be above 0 and at most 48.")
            .Validate(o => o.HotHeldHours is > 0 and <= 48, "Verdicts:HotHeldHours must be above 0 and at most 48.")
            .Validate(o => o.GapIntervals is >= 1 and <= 1000, "Verdicts:GapIntervals must be between 1 and 1000.")
            .Validate(o => o.DefaultIntervalSeconds is >= 1 and <= 3600, "Verdicts:DefaultIntervalSeconds must be between 1 and 3600.")
            .ValidateOnStart();
        builder.Services.AddSingleton<VerdictStore>();
        builder.Services.AddSingleton<UsedCompartments>();
        builder.Services.AddSingleton<VerdictCalculator>();
        builder.Services.AddSingleton<VerdictService>();
        builder.Services.AddSingleton<VerdictQueue>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<VerdictQueue>());
        builder.Services.AddHostedService<VerdictWorker>();
        return builder;
    }

    public static WebApplication MapVerdictsApi(this WebApplication app)
    {
        app.MapGet("/api/deliveries/{id}/verdict", GetAsync).WithTags("Deliveries").WithName("GetDeliveryVerdict")
            .WithSummary("A handed-over delivery's compliance verdict and its evidence")
            .WithDescription("404 until the delivery is handed over. Recomputed when late readings of its box and window arrive; revision counts the computations.")
            .RequireAuthorization(AccessExtensions.ReadPolicy);
        return app;
    }

    private static async Task<Results<Ok<DeliveryVerdict>, NotFound<string>>> GetAsync(
        string id, VerdictService verdicts, DeliveryStore deliveries, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await deliveries.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } delivery && AccessScope.Of(user).SeesDelivery(delivery)
            && await verdicts.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } verdict
            ? TypedResults.Ok(verdict)
            : TypedResults.NotFound($"no verdict for {id}: no such delivery, or not handed over yet");
}
