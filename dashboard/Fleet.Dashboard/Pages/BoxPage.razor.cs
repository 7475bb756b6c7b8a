using Fleet.Dashboard.Components;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// One box: its latest status live, its compartments' history as a chart, and its open alerts.
/// The chart shows the last hours (<c>?hours=</c>), following new readings, or a fixed window
/// (<c>?from=&amp;to=</c>) chosen by zooming, panning or typing it, so a view can be shared.
/// </summary>
public partial class BoxPage : LivePage
{
    /// <summary>How often, at most, new readings redraw the chart.</summary>
    public static readonly TimeSpan HistoryRefresh = TimeSpan.FromSeconds(5);

    private static readonly (int Hours, string Label)[] Ranges = [(1, "Last 1 h"), (6, "Last 6 h"), (24, "Last 24 h")];

    private BoxView? box;
    private BoxView? pendingBox;
    private int alertsChanged;
    private List<AlertView> openAlerts = [];
    private BoxHistoryView? history;
    private DateTimeOffset historyLoadedAt;
    private int hours = DefaultHours;
    private ChartWindow? fixedWindow;
    private int historyRequest;
    private DateTime? customFrom;
    private DateTime? customTo;
    private string? rangeError;

    private const int DefaultHours = 1;

    [Parameter]
    public string BoxId { get; set; } = "";

    /// <summary>Start of a fixed window, UTC ISO 8601; used with <see cref="To"/>.</summary>
    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>End of a fixed window, UTC ISO 8601.</summary>
    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    /// <summary>How many of the last hours to follow when no fixed window is given.</summary>
    [SupplyParameterFromQuery(Name = "hours")]
    public int? Hours { get; set; }

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void Subscribe()
    {
        Feed.BoxChanged += OnBoxChanged;
        Feed.AlertChanged += OnAlertChanged;
    }

    protected override void Unsubscribe()
    {
        Feed.BoxChanged -= OnBoxChanged;
        Feed.AlertChanged -= OnAlertChanged;
    }

    protected override void LoadSnapshot()
    {
        box = Feed.GetBox(BoxId);
        openAlerts = OpenAlertsOfBox();
    }

    protected override Task OnParametersSetAsync()
    {
        var window = ChartWindow.Parse(From, To);
        var following = window is null ? Math.Clamp(Hours ?? DefaultHours, 1, (int)ChartWindow.Widest.TotalHours) : hours;
        if (history is not null && window == fixedWindow && following == hours)
        {
            // Our own change of the address coming back: that window is loaded already.
            return Task.CompletedTask;
        }

        fixedWindow = window;
        hours = following;
        return LoadHistoryAsync();
    }

    protected override void ApplyPending()
    {
        if (Interlocked.Exchange(ref pendingBox, null) is { } changed)
        {
            box = changed;
            if (fixedWindow is null && Time.GetUtcNow() - historyLoadedAt >= HistoryRefresh)
            {
                _ = InvokeAsync(async () =>
                {
                    await LoadHistoryAsync();
                    StateHasChanged();
                });
            }
        }

        if (Interlocked.Exchange(ref alertsChanged, 0) == 1)
        {
            openAlerts = OpenAlertsOfBox();
        }
    }

    private void OnBoxChanged(BoxView changed)
    {
        if (changed.BoxId == BoxId)
        {
            Volatile.Write(ref pendingBox, changed);
            RequestRender();
        }
    }

    private void OnAlertChanged(AlertView alert)
    {
        if (alert.BoxId == BoxId)
        {
            Volatile.Write(ref alertsChanged, 1);
            RequestRender();
        }
    }

    private Task SelectRangeAsync(int selected)
    {
        hours = selected;
        fixedWindow = null;
        rangeError = null;
        Remember($"hours={selected}");
        return LoadHistoryAsync();
    }

    /// <summary>Shows a window the chart asked for (zoom, pan) and writes it into the address.</summary>
    private Task ShowWindowAsync(ChartWindow window)
    {
        fixedWindow = window;
        rangeError = null;
        Remember(window.ToQuery());
        return LoadHistoryAsync();
    }

    /// <summary>Shows the window typed into the from/to fields, read in the viewer's time zone.</summary>
    private Task ShowCustomRangeAsync()
    {
        if (customFrom is not { } from || customTo is not { } to)
        {
            rangeError = "Give both a start and an end.";
            return Task.CompletedTask;
        }

        var zone = Time.LocalTimeZone;
        var window = new ChartWindow(new DateTimeOffset(from, zone.GetUtcOffset(from)), new DateTimeOffset(to, zone.GetUtcOffset(to)));
        if (window.To <= window.From)
        {
            rangeError = "The end must be after the start.";
            return Task.CompletedTask;
        }

        if (window.Length > ChartWindow.Widest)
        {
            rangeError = $"At most {ChartWindow.Widest.TotalDays:0} days at once.";
            return Task.CompletedTask;
        }

        return ShowWindowAsync(window);
    }

    // The address says what is shown, so a copied link opens the same view.
    private void Remember(string query) =>
        Navigation.NavigateTo($"boxes/{Uri.EscapeDataString(BoxId)}?{query}");

    /// <summary>Loads the window shown now; when the viewer moved on meanwhile, only the newest request's answer is kept.</summary>
    private async Task LoadHistoryAsync()
    {
        var request = ++historyRequest;
        var now = Time.GetUtcNow();
        historyLoadedAt = now;
        var to = LatestMeasurement() is { } latest && latest > now ? latest : now;
        var window = fixedWindow ?? new ChartWindow(to.AddHours(-hours), to);
        var loaded = await Feed.GetBoxHistoryAsync(BoxId, window.From, window.To);
        if (request != historyRequest)
        {
            return;
        }

        history = loaded;
        var zone = Time.LocalTimeZone;
        customFrom = TimeZoneInfo.ConvertTime(window.From, zone).DateTime;
        customTo = TimeZoneInfo.ConvertTime(window.To, zone).DateTime;
    }

    // The window ends at the box's latest reading when its clock is ahead of ours (a simulated
    // fleet running faster than real time), so its newest data is on screen, not past the edge.
    private DateTimeOffset? LatestMeasurement()
    {
        DateTimeOffset? latest = null;
        foreach (var compartment in box?.Compartments ?? [])
        {
            if (compartment.MeasuredAt > latest || latest is null)
            {
                latest = compartment.MeasuredAt ?? latest;
            }
        }

        return latest;
    }

    private List<AlertView> OpenAlertsOfBox() =>
        Feed.GetAlerts(AlertsPage.Keep).Where(a => a.BoxId == BoxId && a.IsOpen()).OrderByDescending(a => a.RaisedAt).ToList();
}
