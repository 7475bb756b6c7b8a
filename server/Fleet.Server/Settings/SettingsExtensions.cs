using Fleet.Dashboard.Data;
using Fleet.Server.Access;
using Fleet.Server.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fleet.Server.Settings;

/// <summary>
/// The admin's rule settings: GET /api/settings/rules, and PUT or DELETE
/// /api/settings/rules/categories/{category} for a food category's limits; admins only.
/// </summary>
public static class SettingsExtensions
{
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CategoryLimitStore>();
        builder.Services.AddSingleton<SettingsMetrics>();
        builder.Services.AddSingleton<RuleSettings>();
        builder.Services.AddScoped<IRuleSettings, ScopedRuleSettings>();
        return builder;
    }

    public static WebApplication MapSettingsApi(this WebApplication app)
    {
        var settings = app.MapGroup("/api/settings/rules").WithTags("Settings").RequireAuthorization(AccessExtensions.AdminPolicy);
        settings.MapGet("/", (RuleSettings rules, CancellationToken cancellationToken) => rules.GetAsync(cancellationToken))
            .WithName("GetRuleSettings")
            .WithSummary("The compartment kinds' limits (the regulation's, read-only) and each food category's limits in force, with their source");
        settings.MapPut("/categories/{category}", PutCategoryAsync).WithName("PutCategoryLimits")
            .WithSummary("Set a food category's limits, in force from the next reading")
            .WithDescription("Body: {\"maxCelsius\": 5, \"minCelsius\": null, \"graceMinutes\": 3}; each value may only tighten the limits of the compartment kind the food is kept in (chilled and raw-or-cold: chilled; frozen; hot); a looser one is refused with 400 and its reason.");
        settings.MapDelete("/categories/{category}", DeleteCategoryAsync).WithName("ResetCategoryLimits")
            .WithSummary("Remove a food category's setting: its configured default (Rules:Categories) is in force again");
        return app;
    }

    private static async Task<Results<Ok<CategoryChangeResult>, BadRequest<string>>> PutCategoryAsync(
        string category, LimitValues limits, RuleSettings rules, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await rules.SetAsync(category, limits, AuditActor.From(context), cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Ok<CategoryChangeResult>, BadRequest<string>>> DeleteCategoryAsync(
        string category, RuleSettings rules, HttpContext context, CancellationToken cancellationToken) =>
        Answer(await rules.ResetAsync(category, AuditActor.From(context), cancellationToken).ConfigureAwait(false));

    private static Results<Ok<CategoryChangeResult>, BadRequest<string>> Answer(CategoryChangeResult result) =>
        result.Problem is { } problem ? TypedResults.BadRequest(problem) : TypedResults.Ok(result);
}
