using Fleet.Server.Storage;

namespace Fleet.Server.Rules;

/// <summary>
/// Runs a compartment rule over stored readings, oldest first, from a given state, and lists the
/// excursions that alerted. Out-of-order readings are evaluated this way: the stored history
/// around them is run again in device-time order, and the result is reconciled with the alerts
/// already stored.
/// </summary>
public static class CompartmentReplay
{
    public static IReadOnlyList<Excursion> Run(
        CompartmentRule rule, CompartmentState state, string boxId, string channel, IReadOnlyList<StoredReading> readings)
    {
        var found = new List<Excursion>();
        var current = -1;
        if (state.OpenAlertId is { } existing)
        {
            var start = state.ExcursionStartMs ?? state.LastEvaluatedMs;
            found.Add(new Excursion(existing, start, start + rule.Options.GraceMs, state.PeakCelsius, null));
            current = 0;
        }

        for (var i = 0; i < readings.Count; i++)
        {
            var stored = readings[i];
            var decision = rule.Evaluate(state, new Reading(boxId, channel, stored.DeviceTimeMs, stored.Value, stored.ReceivedAtMs));
            switch (decision.Action)
            {
                case RuleAction.Raise:
                    found.Add(new Excursion(null, decision.ExcursionStartMs, decision.AtMs, decision.PeakCelsius, null));
                    current = found.Count - 1;
                    // Any id marks the excursion as alerted; a negative one is never a stored alert's.
                    state.OpenAlertId = -found.Count;
                    break;
                case RuleAction.Resolve when current >= 0:
                    found[current] = found[current] with { PeakCelsius = decision.PeakCelsius, EndMs = decision.AtMs };
                    current = -1;
                    state.OpenAlertId = null;
                    break;
            }
        }

        if (current >= 0)
        {
            found[current] = found[current] with { PeakCelsius = state.PeakCelsius };
        }

        return found;
    }
}
