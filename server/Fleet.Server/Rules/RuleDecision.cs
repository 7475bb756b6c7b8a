namespace Fleet.Server.Rules;

public enum RuleAction
{
    None,
    OutOfOrder,
    Raise,
    Resolve,
}

/// <summary>What evaluating one reading asks for.</summary>
/// <param name="AtMs">Device time of the raise (when the grace time ran out) or of the resolve (the reading that cleared it).</param>
/// <param name="Late">The reading that triggered it arrived late (a replayed backlog).</param>
public readonly record struct RuleDecision(RuleAction Action, long AtMs, long ExcursionStartMs, double PeakCelsius, bool Late)
{
    public static readonly RuleDecision Nothing = new(RuleAction.None, 0, 0, 0, false);
    public static readonly RuleDecision OutOfOrder = new(RuleAction.OutOfOrder, 0, 0, 0, false);
}
