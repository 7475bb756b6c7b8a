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
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<RuleMetrics>();
        builder.Services.AddSingleton<RuleQueue>();
        builder.Services.AddSingleton<ICommittedBatchSink>(sp => sp.GetRequiredService<RuleQueue>());
        builder.Services.AddHostedService<RuleEngine>();
        return builder;
    }
}
