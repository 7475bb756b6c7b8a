namespace Fleet.Dashboard.Data;

/// <summary>One compartment's readings over a time range, oldest first, already thinned to a drawable number.</summary>
/// <param name="LimitCelsius">The kind's limit; null when the kind has none (ambient, unknown).</param>
/// <param name="LimitIsMinimum">True for a kind kept hot: readings below the limit are out of range.</param>
public sealed record ChannelSeriesView(
    string Channel,
    string Kind,
    double? LimitCelsius,
    bool LimitIsMinimum,
    IReadOnlyList<ChartPoint> Points);
