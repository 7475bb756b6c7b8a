namespace Fleet.Dashboard.Data;

/// <summary>
/// The figures of one group (a platform, merchant, region code or UTC day) of deliveries.
/// </summary>
/// <param name="Key">The group's value; empty for deliveries without one (no platform or region).</param>
/// <param name="HandedOver">Deliveries handed over with a verdict: the base of the compliance rate and the means.</param>
/// <param name="ComplianceRate">Compliant ÷ handed over, 0 to 1; null when none was handed over.</param>
/// <param name="Excursions">Temperature alerts raised while the group's deliveries were in their boxes.</param>
/// <param name="LateHandOvers">Handed over after the promised time.</param>
/// <param name="MeanProcessingToHandOverMinutes">Mean minutes from processing to hand-over; null when none was handed over.</param>
public sealed record RegulatorStatisticsRow(
    string Key,
    int Deliveries,
    int HandedOver,
    int Compliant,
    double? ComplianceRate,
    int Excursions,
    int LateHandOvers,
    double? MeanProcessingToHandOverMinutes);
