using Fleet.Firmware.Protocol;
using Fleet.Server.Rules;
using ScottPlot;

namespace Fleet.Server.Evidence;

/// <summary>
/// The report's temperature chart of one box: each compartment's readings against device time,
/// over red bands where its kind's thresholds are broken (chilled above 8 °C, frozen above
/// −18 °C, hot below 60 °C, as configured).
/// </summary>
public static class EvidenceChart
{
    public static byte[] Render(BoxEvidence box, RulesOptions rules, int width = 1000, int height = 460)
    {
        EvidenceFonts.EnsureInstalled();
        var plot = new Plot();
        plot.Title($"Box {box.BoxId}: compartment temperatures (device time, UTC)");
        plot.YLabel("°C");
        var low = double.MaxValue;
        var high = double.MinValue;
        foreach (var channel in box.Records.Readings.Select(r => r.Reading.Channel).Distinct(StringComparer.Ordinal))
        {
            var points = box.Records.Readings.Where(r => r.Reading.Channel == channel).ToList();
            var xs = points.Select(p => DateTimeOffset.FromUnixTimeMilliseconds(p.Reading.DeviceTimeMs).UtcDateTime.ToOADate()).ToArray();
            var ys = points.Select(p => p.Reading.Value).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = xs.Length > 200 ? 0 : 3;
            line.LegendText = $"{channel} ({KindOf(box, channel)})";
            low = Math.Min(low, ys.Min());
            high = Math.Max(high, ys.Max());
        }

        var kinds = box.Device?.Channels.Select(c => c.Kind).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (kind, options) in (ReadOnlySpan<(string, CompartmentRuleOptions)>)[(CompartmentKinds.Chilled, rules.Chilled), (CompartmentKinds.Frozen, rules.Frozen), (CompartmentKinds.Hot, rules.Hot)])
        {
            if (!kinds.Contains(kind))
            {
                continue;
            }

            if (options.MaxCelsius is { } max)
            {
                Band(plot, max, Math.Max(high, max) + 5, $"{kind}: above {max} °C");
                low = Math.Min(low, max);
                high = Math.Max(high, max);
            }

            if (options.MinCelsius is { } min)
            {
                Band(plot, Math.Min(low, min) - 5, min, $"{kind}: below {min} °C");
                low = Math.Min(low, min);
                high = Math.Max(high, min);
            }
        }

        if (low <= high)
        {
            plot.Axes.SetLimitsY(low - 3, high + 3);
        }

        plot.Axes.DateTimeTicksBottom();
        plot.ShowLegend();
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void Band(Plot plot, double from, double to, string label)
    {
        var band = plot.Add.VerticalSpan(from, to);
        band.FillStyle.Color = Colors.Red.WithAlpha(0.12);
        band.LineStyle.Width = 0;
        band.LegendText = label;
    }

    private static string KindOf(BoxEvidence box, string channel) =>
        box.Device?.Channels.FirstOrDefault(c => c.Channel == channel)?.Kind ?? "unknown";
}
