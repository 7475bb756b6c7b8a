using System.Globalization;

namespace Fleet.Server.Rules;

/// <summary>The words of compartment alerts: which side of which limit, since when, how far.</summary>
internal static class RuleMessages
{
    public static string Raise(CompartmentRule rule, string channel, long startMs, double peak) => string.Create(
        CultureInfo.InvariantCulture,
        $"{channel} {Side(rule)} {rule.Limit} °C for more than {rule.Options.GraceMinutes} min (or past its instant limit) since {DateTimeOffset.FromUnixTimeMilliseconds(startMs):u}; peak {peak:0.0} °C");

    public static string Resolve(CompartmentRule rule, string channel, long startMs, long endMs, double peak) => string.Create(
        CultureInfo.InvariantCulture,
        $"{channel} was {Side(rule)} {rule.Limit} °C from {DateTimeOffset.FromUnixTimeMilliseconds(startMs):u} to {DateTimeOffset.FromUnixTimeMilliseconds(endMs):u} ({(endMs - startMs) / 60_000.0:0.#} min); peak {peak:0.0} °C");

    private static string Side(CompartmentRule rule) => rule.Options.KeepsCold ? "above" : "below";
}
