namespace Fleet.Dashboard.Data;

/// <summary>One compartment used by a delivery, between pickup and hand-over.</summary>
/// <param name="LimitCelsius">The kind's limit (maximum when cold, minimum when hot); null for ambient.</param>
public sealed record CompartmentEvidenceView(
    string Channel,
    string Kind,
    int Readings,
    double? MinCelsius,
    double? MaxCelsius,
    double? MeanCelsius,
    double MinutesOutOfRange,
    double? LimitCelsius);
