namespace Fleet.Dashboard.Data;

/// <summary>The outcome of acknowledging or resolving an alert from the dashboard.</summary>
/// <param name="Alert">The alert as it now stands, when the action was taken.</param>
/// <param name="Error">Why it was not taken, in words for the user, when it was not.</param>
public sealed record AlertActionResult(AlertView? Alert, string? Error)
{
    public bool Succeeded => Alert is not null;

    public static AlertActionResult Done(AlertView alert) => new(alert, null);

    public static AlertActionResult Refused(string error) => new(null, error);
}
