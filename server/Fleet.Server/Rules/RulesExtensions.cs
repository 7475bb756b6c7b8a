using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

public static class RulesExtensions
{
    public static WebApplicationBuilder AddRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RulesOptions>()
            .BindConfiguration(RulesOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RulesOptions>, RulesOptionsValidator>();
        builder.Services.AddSingleton<CompartmentRules>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<RuleMetrics>();
        builder.Services.AddSingleton<RuleQueue>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<RuleQueue>());
        builder.Services.AddSingleton<RuleRebuild>();
        builder.Services.AddHostedService<RuleEngine>();
        builder.Services.AddOptions<WatchOptions>()
            .BindConfiguration(WatchOptions.Section)
            .Validate(o => o.CheckSeconds is >= 0.1 and <= 3600, "Rules:Watch:CheckSeconds must be between 0.1 and 3600.")
            .Validate(o => o.LateWarnFraction is > 0 and < 1, "Rules:Watch:LateWarnFraction must be more than 0 and less than 1.")
            .Validate(o => o.LidOpenSeconds is > 0 and <= 3600, "Rules:Watch:LidOpenSeconds must be more than 0 and at most 3600.")
            .Validate(o => o.StuckReadings is >= 3 and <= 100_000, "Rules:Watch:StuckReadings must be between 3 and 100000.")
            .Validate(o => o.LookBackHours is >= 1 and <= 24 * 31, "Rules:Watch:LookBackHours must be between 1 and 744.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DeliveryWatch>();
        builder.Services.AddSingleton<BoxWatch>();
        builder.Services.AddSingleton<StuckSensorTracker>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<StuckSensorTracker>());
        builder.Services.AddSingleton<FleetWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FleetWatch>());
        return builder;
    }
}
