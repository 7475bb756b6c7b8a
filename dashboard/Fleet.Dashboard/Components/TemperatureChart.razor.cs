using System.Globalization;
using System.Text;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace Fleet.Dashboard.Components;

/// <summary>
/// Draws a <see cref="BoxHistoryView"/> as inline SVG, no chart library. Zooming and panning only
/// ask for another window through <see cref="OnWindowChanged"/>: the page fetches that window from
/// the server, thinned for it, so zooming in shows finer data rather than stretching the old points.
/// </summary>
public sealed partial class TemperatureChart : ComponentBase, IDisposable
{
    private const double Width = 900;
    private const double Height = 300;
    private const double Margin = 36;

    /// <summary>How much one zoom step narrows or widens the window.</summary>
    private const double ZoomStep = 2;

    /// <summary>How far one pan step moves, as a fraction of the window.</summary>
    private const double PanStep = 0.25;

    // Told apart by people with the common colour-vision deficiencies (Okabe–Ito).
    private static readonly string[] Palette = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999933"];

    private ElementReference host;
    private DotNetObjectReference<TemperatureChart>? self;

    [Parameter, EditorRequired]
    public BoxHistoryView History { get; set; } = default!;

    /// <summary>The viewer's time zone for labels.</summary>
    [Parameter]
    public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>Asked for another window when the viewer zooms or pans; without it the chart is static.</summary>
    [Parameter]
    public EventCallback<ChartWindow> OnWindowChanged { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    private bool Interactive => OnWindowChanged.HasDelegate;

    private ChartWindow Window => new(History.From, History.To);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && Interactive)
        {
            self = DotNetObjectReference.Create(this);
            await JS.InvokeVoidAsync("fleetChart.attach", host, self);
        }
    }

    /// <summary>Called by fleet.js when the viewer dragged across the plot from one fraction of its width to another.</summary>
    [JSInvokable]
    public Task ZoomBetweenAsync(double start, double end) => ChangeAsync(Window.Between(start, end));

    /// <summary>Called by fleet.js when the viewer Shift-dragged the plot; positive moves to earlier times, like dragging a map.</summary>
    [JSInvokable]
    public Task PanByAsync(double fraction) => ChangeAsync(Window.Panned(-fraction));

    private Task OnKeyDownAsync(KeyboardEventArgs key) => key.Key switch
    {
        "ArrowLeft" => ChangeAsync(Window.Panned(-PanStep)),
        "ArrowRight" => ChangeAsync(Window.Panned(PanStep)),
        "+" or "=" => ChangeAsync(Window.Zoomed(1 / ZoomStep)),
        "-" or "_" => ChangeAsync(Window.Zoomed(ZoomStep)),
        _ => Task.CompletedTask,
    };

    private Task ChangeAsync(ChartWindow window) =>
        Interactive && window != Window ? OnWindowChanged.InvokeAsync(window) : Task.CompletedTask;

    public void Dispose() => self?.Dispose();

    private static string Colour(int index) => Palette[index % Palette.Length];

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string F4(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    // Dates once the window spans days; the time of day to the second once it is a few minutes wide.
    private string TimeLabel(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, Zone).ToString(
            Window.Length > TimeSpan.FromDays(2) ? "MM-dd HH:mm" : Window.Length < TimeSpan.FromMinutes(10) ? "HH:mm:ss" : "HH:mm",
            CultureInfo.InvariantCulture);

    private string AlertTitle(AlertView alert) =>
        $"Alert {alert.Rule} ({alert.Severity}){(alert.Channel is null ? "" : " on " + alert.Channel)} from {Display.LocalTime(alert.RaisedAt, Zone)}"
        + (alert.ResolvedAt is { } resolved ? $" to {Display.LocalTime(resolved, Zone)}" : ", still open")
        + $": {alert.Message}";

    private string Summary() =>
        $"Temperatures of box {History.BoxId} from {Display.LocalTime(History.From, Zone)} to {Display.LocalTime(History.To, Zone)}: "
        + string.Join("; ", History.Series.Select(s => $"{s.Channel} {s.Kind}, {s.Points.Count} points"))
        + (History.Alerts is { Count: > 0 } alerts ? $"; {alerts.Count} alert period(s): {string.Join(", ", alerts.Select(a => a.Rule).Distinct())}" : "");

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
