using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Components;

/// <summary>Maps time and temperature onto the chart's drawing area, with room around the data and the limits.</summary>
internal sealed class ChartScale(DateTimeOffset from, DateTimeOffset to, double minCelsius, double maxCelsius, double width, double height, double margin)
{
    public static ChartScale For(BoxHistoryView history, double width, double height, double margin)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var series in history.Series)
        {
            foreach (var point in series.Points)
            {
                low = Math.Min(low, point.Celsius);
                high = Math.Max(high, point.Celsius);
            }

            if (series.LimitCelsius is { } limit)
            {
                low = Math.Min(low, limit);
                high = Math.Max(high, limit);
            }
        }

        if (double.IsInfinity(low))
        {
            (low, high) = (0, 10);
        }

        var pad = Math.Max(1, (high - low) * 0.08);
        return new ChartScale(history.From, history.To > history.From ? history.To : history.From.AddMinutes(1), low - pad, high + pad, width, height, margin);
    }

    public double X(DateTimeOffset moment)
    {
        var span = (to - from).TotalMilliseconds;
        var at = Math.Clamp((moment - from).TotalMilliseconds / span, 0, 1);
        return margin + at * (width - 2 * margin);
    }

    public double Y(double celsius) =>
        height - margin - (celsius - minCelsius) / (maxCelsius - minCelsius) * (height - 2 * margin);

    /// <summary>About five round temperatures across the range.</summary>
    public IEnumerable<double> CelsiusTicks()
    {
        var step = NiceStep((maxCelsius - minCelsius) / 5);
        for (var tick = Math.Ceiling(minCelsius / step) * step; tick <= maxCelsius; tick += step)
        {
            yield return Math.Round(tick, 6);
        }
    }

    /// <summary>Six evenly spaced moments, ends included.</summary>
    public IEnumerable<DateTimeOffset> TimeTicks()
    {
        for (var i = 0; i <= 5; i++)
        {
            yield return from + (to - from) * (i / 5.0);
        }
    }

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 1e-6))));
        var fraction = rough / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
    }
}
