using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Live;

/// <summary>
/// Thins a series to a number of points a browser draws without effort, keeping each bucket's lowest
/// and highest reading so a short excursion beyond a limit still shows.
/// </summary>
public static class SeriesThinning
{
    /// <summary>The most points a chart draws per channel.</summary>
    public const int MaxPoints = 600;

    /// <summary>The points unchanged when few enough; otherwise the minimum and maximum of each of MaxPoints/2 equal-count buckets, in time order.</summary>
    public static IReadOnlyList<ChartPoint> Thin(IReadOnlyList<ChartPoint> points, int maxPoints = MaxPoints)
    {
        if (points.Count <= maxPoints)
        {
            return points;
        }

        var buckets = Math.Max(1, maxPoints / 2);
        var result = new List<ChartPoint>(buckets * 2);
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)((long)points.Count * b / buckets);
            var end = (int)((long)points.Count * (b + 1) / buckets);
            if (end <= start)
            {
                continue;
            }

            var low = start;
            var high = start;
            for (var i = start + 1; i < end; i++)
            {
                if (points[i].Celsius < points[low].Celsius)
                {
                    low = i;
                }

                if (points[i].Celsius > points[high].Celsius)
                {
                    high = i;
                }
            }

            result.Add(points[Math.Min(low, high)]);
            if (low != high)
            {
                result.Add(points[Math.Max(low, high)]);
            }
        }

        return result;
    }
}
