using System.Globalization;
using System.Text;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Components;

/// <summary>Draws a <see cref="BoxHistoryView"/> as inline SVG; no script, no chart library.</summary>
public partial class TemperatureChart : ComponentBase
{
    private const double Width = 900;
    private const double Height = 300;
    private const double Margin = 36;

    // Told apart by people with the common colour-vision deficiencies (Okabe–Ito).
    private static readonly string[] Palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999933"];

    [Parameter, EditorRequired]
    public BoxHistoryView History { get; set; } = default!;

    /// <summary>The viewer's time zone for labels.</summary>
    [Parameter]
    public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    private static string Colour(int index) => Palette[index % Palette.Length];

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private string TimeLabel(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, Zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private string Summary() =>
        $"Temperatures of box {History.BoxId} from {Display.LocalTime(History.From, Zone)} to {Display.LocalTime(History.To, Zone)}: "
        + string.Join("; ", History.Series.Select(s => $"{s.Channel} {s.Kind}, {s.Points.Count} points"));

    /// <summary>The series as an SVG path, thinned again here so a chart never draws more than the bound.</summary>
    private static string PathOf(ChannelSeriesView series, ChartScale scale)
    {
        var points = SeriesThinning.Thin(series.Points);
        var path = new StringBuilder(points.Count * 14);
        for (var i = 0; i < points.Count; i++)
        {
            path.Append(i == 0 ? 'M' : 'L')
                .Append(F(scale.X(points[i].At))).Append(',')
                .Append(F(scale.Y(points[i].Celsius))).Append(' ');
        }

        return path.ToString().TrimEnd();
    }
}
