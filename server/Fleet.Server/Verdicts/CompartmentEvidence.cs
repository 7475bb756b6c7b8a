namespace Fleet.Server.Verdicts;

/// <summary>
/// One compartment used by a delivery, between pickup and hand-over: its readings' range and mean, and
/// how long it was beyond its kind's limit (each reading counts until the next one or the hand-over).
/// </summary>
/// <param name="LimitCelsius">The kind's limit (maximum for a cold kind, minimum for hot); null for ambient.</param>
public sealed record CompartmentEvidence(
    string Channel,
    string Kind,
    int Readings,
    double? MinCelsius,
    double? MaxCelsius,
    double? MeanCelsius,
    double MinutesOutOfRange,
    double? LimitCelsius);
