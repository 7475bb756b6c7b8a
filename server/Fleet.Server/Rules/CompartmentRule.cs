using Fleet.Firmware.Protocol;
using Fleet.Server.Storage;

namespace Fleet.Server.Rules;

/// <summary>
/// A compartment-temperature rule as a state machine on device time, for one kind. The first
/// reading beyond the limit starts an excursion; a reading beyond it once the grace time has
/// passed (or beyond the instant limit) raises one alert; a reading back inside the limit by the
/// hysteresis ends the excursion and resolves the alert. Readings between the two neither start
/// nor end anything, so a compartment at the limit does not flap.
/// </summary>
public sealed class CompartmentRule(string kind, CompartmentRuleOptions options, long lateAfterMs)
{
    public const string ChilledCode = "chilled-too-warm";
    public const string FrozenCode = "frozen-too-warm";
    public const string HotCode = "hot-too-cold";

    public string Kind { get; } = kind;

    public string Code { get; } = CodeOf(kind);

    public CompartmentRuleOptions Options { get; } = options;

    public long LateAfterMs { get; } = lateAfterMs;

    /// <summary>The limit the compartment must not cross: its maximum, or its minimum for a kind kept hot.</summary>
    public double Limit { get; } = options.MaxCelsius ?? options.MinCelsius ?? throw new ArgumentException("A compartment rule needs MaxCelsius or MinCelsius.", nameof(options));

    public static string CodeOf(string kind) => kind switch
    {
        CompartmentKinds.Chilled => ChilledCode,
        CompartmentKinds.Frozen => FrozenCode,
        CompartmentKinds.Hot => HotCode,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No temperature rule for this kind."),
    };

    /// <summary>True when <paramref name="celsius"/> is beyond the limit.</summary>
    public bool IsBeyond(double celsius) => Options.KeepsCold ? celsius > Limit : celsius < Limit;

    /// <summary>
    /// How long, in device milliseconds, the readings (oldest first) were beyond the limit, each
    /// reading standing until the next one or <paramref name="toMs"/>: the cumulative measure the
    /// grace time of a delivery is judged by.
    /// </summary>
    public long BeyondMs(IReadOnlyList<StoredReading> readings, long toMs)
    {
        long beyond = 0;
        for (var i = 0; i < readings.Count; i++)
        {
            if (IsBeyond(readings[i].Value))
            {
                beyond += (i + 1 < readings.Count ? readings[i + 1].DeviceTimeMs : toMs) - readings[i].DeviceTimeMs;
            }
        }

        return beyond;
    }

    /// <summary>The device time at which the cumulative time beyond the limit passed the grace time, or null while it has not.</summary>
    public long? GraceExceededAtMs(IReadOnlyList<StoredReading> readings, long toMs)
    {
        long beyond = 0;
        for (var i = 0; i < readings.Count; i++)
        {
            if (!IsBeyond(readings[i].Value))
            {
                continue;
            }

            var span = (i + 1 < readings.Count ? readings[i + 1].DeviceTimeMs : toMs) - readings[i].DeviceTimeMs;
            if (beyond + span > Options.GraceMs)
            {
                return readings[i].DeviceTimeMs + (Options.GraceMs - beyond);
            }

            beyond += span;
        }

        return null;
    }

    /// <summary>The worse of two temperatures for this kind: the warmer for a cold kind, the colder for a hot one.</summary>
    public double Worse(double a, double b) => Options.KeepsCold ? Math.Max(a, b) : Math.Min(a, b);

    public RuleDecision Evaluate(CompartmentState state, in Reading reading)
    {
        var t = reading.DeviceTimeMs;
        var late = state.AgeOnArrivalMs(reading) > LateAfterMs;
        if (t <= state.LastEvaluatedMs)
        {
            return RuleDecision.OutOfOrder;
        }

        state.LastEvaluatedMs = t;
        var value = reading.Value;
        if (IsBeyond(value))
        {
            if (state.ExcursionStartMs is not { } start)
            {
                state.ExcursionStartMs = start = t;
                state.PeakCelsius = value;
            }
            else
            {
                state.PeakCelsius = Worse(state.PeakCelsius, value);
            }

            if (state.OpenAlertId is not null)
            {
                return RuleDecision.Nothing;
            }

            if (t - start >= Options.GraceMs)
            {
                return new RuleDecision(RuleAction.Raise, start + Options.GraceMs, start, state.PeakCelsius, late);
            }

            if (Options.InstantMaxCelsius is { } instant && value > instant)
            {
                return new RuleDecision(RuleAction.Raise, t, start, state.PeakCelsius, late);
            }

            return RuleDecision.Nothing;
        }

        var back = Options.KeepsCold ? value <= Limit - Options.HysteresisCelsius : value >= Limit + Options.HysteresisCelsius;
        if (back)
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
