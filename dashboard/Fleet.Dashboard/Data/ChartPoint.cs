namespace Fleet.Dashboard.Data;

/// <summary>One reading on a chart: device time and temperature.</summary>
public readonly record struct ChartPoint(DateTimeOffset At, double Celsius);
