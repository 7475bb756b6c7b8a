namespace Fleet.Dashboard.Data;

/// <summary>The outcome of saving a box's compartment limits: the box as now stored, or why it was refused.</summary>
public sealed record BoxLimitsChangeResult(BoxProfileLimitsView? Box, string? Problem)
{
    public static BoxLimitsChangeResult Refused(string problem) => new(null, problem);
}
