using Fleet.Server.Storage;

namespace Fleet.Server.Rules;

/// <summary>
/// The chilled-compartment rule as a state machine on device time. The first reading above the
/// maximum starts an excursion; a reading above it once the grace time has passed raises one
/// alert; a reading at or below (maximum − hysteresis) ends the excursion and resolves the alert.
/// Readings between the two neither start nor end anything, so a compartment at the limit does
/// not flap.
/// </summary>
public sealed class ChilledCompartmentRule(ChilledRuleOptions options, long lateAfterMs)
{
    public const string Code = "chilled-too-warm";

    public ChilledRuleOptions Options { get; } = options;

    public RuleDecision Evaluate(CompartmentState state, in Reading reading)
    {
        var t = reading.DeviceTimeMs;
        if (t <= state.LastEvaluatedMs)
        {
            return RuleDecision.OutOfOrder;
        }

        state.LastEvaluatedMs = t;
        var value = reading.Value;
        if (value > Options.MaxCelsius)
        {
            if (state.ExcursionStartMs is not { } start)
            {
                state.ExcursionStartMs = start = t;
                state.PeakCelsius = value;
            }
            else if (value > state.PeakCelsius)
            {
                state.PeakCelsius = value;
            }

            if (state.OpenAlertId is null && t - start >= Options.GraceMs)
            {
                var late = reading.ReceivedAtMs - t > lateAfterMs;
                return new RuleDecision(RuleAction.Raise, start + Options.GraceMs, start, state.PeakCelsius, late);
            }

            return RuleDecision.Nothing;
        }

        if (value <= Options.MaxCelsius - Options.HysteresisCelsius)
        {
            var decision = state.OpenAlertId is not null
                ? new RuleDecision(RuleAction.Resolve, t, state.ExcursionStartMs ?? t, state.PeakCelsius, false)
                : RuleDecision.Nothing;
            state.ExcursionStartMs = null;
            state.PeakCelsius = 0;
            return decision;
        }

        return RuleDecision.Nothing;
    }
}
