namespace Fleet.Dashboard.Data;

/// <summary>How a compartment's latest temperature stands against its kind's limit.</summary>
public enum TemperatureState
{
    /// <summary>No reading yet, or no limit for the compartment's kind.</summary>
    Unknown,

    /// <summary>Within the limit.</summary>
    InRange,

    /// <summary>Beyond the limit (an alert follows once the grace time has passed).</summary>
    OutOfRange,
}
