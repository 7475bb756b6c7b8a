namespace Fleet.Dashboard.Data;

/// <summary>One compartment's latest reading.</summary>
/// <param name="Channel">The protocol channel, such as "c1".</param>
/// <param name="Kind">chilled, frozen, hot, ambient, or unknown when the box has not declared it.</param>
/// <param name="Celsius">The latest temperature, or null before the first reading.</param>
/// <param name="MeasuredAt">Device time of the latest reading.</param>
public sealed record CompartmentView(
    string Channel,
    string Kind,
    double? Celsius,
    DateTimeOffset? MeasuredAt,
    TemperatureState State);
