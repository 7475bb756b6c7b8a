namespace Fleet.Dashboard.Data;

/// <summary>The outcome of saving or resetting a food category's limits.</summary>
/// <param name="Category">The category's limits now in force, when the change was made.</param>
/// <param name="Problem">Why the change was refused, in words for the user.</param>
/// <param name="Change">What changed, for the confirmation ("raw-or-cold: max 8 → 5 °C"); "nothing" when it was already so.</param>
public sealed record CategoryChangeResult(CategoryLimitsView? Category, string? Problem, string? Change)
{
    public bool Succeeded => Problem is null;

    public static CategoryChangeResult Refused(string problem) => new(null, problem, null);
}
