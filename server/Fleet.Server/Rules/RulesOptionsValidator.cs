using Fleet.Firmware.Protocol;
using Fleet.Server.Deliveries;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>Checks every compartment kind's limits on start; each failure names its setting.</summary>
public sealed class RulesOptionsValidator : IValidateOptions<RulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RulesOptions options)
    {
        var failures = new List<string>();
        Check(failures, "Rules:Chilled", options.Chilled, keepsCold: true);
        Check(failures, "Rules:Frozen", options.Frozen, keepsCold: true);
        Check(failures, "Rules:Hot", options.Hot, keepsCold: false);
        foreach (var (category, limits) in options.Categories)
        {
            var kind = FoodCategories.KeptIn(category);
            var rule = kind switch
            {
                CompartmentKinds.Chilled => options.Chilled,
                CompartmentKinds.Frozen => options.Frozen,
                CompartmentKinds.Hot => options.Hot,
                _ => null,
            };
            if (rule is null)
            {
                failures.Add($"Rules:Categories:{category}: only chilled, frozen, hot and raw-or-cold food has temperature limits.");
            }
            else if (limits.Problem(rule) is { } problem)
            {
                failures.Add($"Rules:Categories:{category}: {problem} ({kind} compartments' limits).");
            }
        }

        if (options.ReEvaluateWindowMinutes is <= 0 or > 7 * 24 * 60)
        {
            failures.Add("Rules:ReEvaluateWindowMinutes must be more than 0 and at most 10080.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string section, CompartmentRuleOptions o, bool keepsCold)
    {
        // A cold kind is limited from above, a hot one from below; the other bound must stay unset.
        var (limit, unused, limitName, unusedName) = keepsCold
            ? (o.MaxCelsius, o.MinCelsius, "MaxCelsius", "MinCelsius")
            : (o.MinCelsius, o.MaxCelsius, "MinCelsius", "MaxCelsius");
        if (limit is not (>= -60 and <= 130))
        {
            failures.Add($"{section}:{limitName} must be set, between -60 and 130.");
        }

        if (unused is not null)
        {
            failures.Add($"{section}:{unusedName} is not used for this kind; remove it.");
        }

        if (o.InstantMaxCelsius is { } instant && (!keepsCold || limit is not { } max || instant <= max))
        {
            failures.Add($"{section}:InstantMaxCelsius must be above {section}:MaxCelsius, and only for a kind kept cold.");
        }

        if (o.GraceMinutes is <= 0 or > 24 * 60)
        {
            failures.Add($"{section}:GraceMinutes must be more than 0 and at most 1440.");
        }

        if (o.HysteresisCelsius is < 0 or > 10)
        {
            failures.Add($"{section}:HysteresisCelsius must be between 0 and 10.");
        }

        if (o.ReplayMarginMinutes is < 0 or > 24 * 60)
        {
            failures.Add($"{section}:ReplayMarginMinutes must be between 0 and 1440.");
        }
    }
}
