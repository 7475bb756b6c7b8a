using Fleet.Server.Storage;

namespace Fleet.Server.Rules;

public static class RulesExtensions
{
    public static WebApplicationBuilder AddRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChilledRuleOptions>()
            .BindConfiguration(ChilledRuleOptions.Section)
            .Validate(o => o.MaxCelsius is >= -60 and <= 130, "Rules:Chilled:MaxCelsius must be between -60 and 130.")
            .Validate(o => o.GraceMinutes is > 0 and <= 24 * 60, "Rules:Chilled:GraceMinutes must be more than 0 and at most 1440.")
            .Validate(o => o.HysteresisCelsius is >= 0 and <= 10, "Rules:Chilled:HysteresisCelsius must be between 0 and 10.")
            .Validate(o => o.ReplayMarginMinutes is >= 0 and <= 24 * 60, "Rules:Chilled:ReplayMarginMinutes must be between 0 and 1440.")
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<RuleMetrics>();
        builder.Services.AddSingleton<RuleQueue>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<RuleQueue>());
        builder.Services.AddHostedService<RuleEngine>();
        return builder;
    }
}
