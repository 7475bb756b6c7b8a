namespace Fleet.Server.Rules;

/// <summary>The chilled rule's memory of one compartment, on device time.</summary>
public sealed class CompartmentState
{
    /// <summary>Device time of the latest reading evaluated; older readings arrive out of order.</summary>
    public long LastEvaluatedMs { get; set; } = long.MinValue;

    /// <summary>Device time of the first reading above the maximum, while an excursion lasts.</summary>
    public long? ExcursionStartMs { get; set; }

    public double PeakCelsius { get; set; }

    /// <summary>The open alert of this compartment, if any.</summary>
    public long? OpenAlertId { get; set; }
}
