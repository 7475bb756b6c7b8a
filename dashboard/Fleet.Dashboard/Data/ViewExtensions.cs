namespace Fleet.Dashboard.Data;

/// <summary>Questions the pages ask of the view contract.</summary>
public static class ViewExtensions
{
    /// <summary>How many of the box's compartments are beyond their limit.</summary>
    public static int OutOfRangeCount(this BoxView box)
    {
        var count = 0;
        foreach (var compartment in box.Compartments)
        {
            if (compartment.State == TemperatureState.OutOfRange)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A box needs a look when a compartment is out of range or an alert is open for it.</summary>
    public static bool HasProblem(this BoxView box) => box.OpenAlerts > 0 || box.OutOfRangeCount() > 0;

    /// <summary>Open until resolved: an acknowledged alert is still open.</summary>
    public static bool IsOpen(this AlertView alert) =>
        !string.Equals(alert.State, "resolved", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the severity that must catch the eye across the room.</summary>
    public static bool IsCritical(this AlertView alert) =>
        string.Equals(alert.Severity, "critical", StringComparison.OrdinalIgnoreCase);
}
