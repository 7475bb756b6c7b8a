using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>One box: its latest status live, its compartments' history as a chart, and its open alerts.</summary>
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
    private int hours = 1;
    private bool historyLoading;

    [Parameter]
    public string BoxId { get; set; } = "";

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

    protected override Task OnParametersSetAsync() => LoadHistoryAsync();

    protected override void ApplyPending()
    {
        if (Interlocked.Exchange(ref pendingBox, null) is { } changed)
        {
            box = changed;
            if (Time.GetUtcNow() - historyLoadedAt >= HistoryRefresh)
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
        return LoadHistoryAsync();
    }

    private async Task LoadHistoryAsync()
    {
        if (historyLoading)
        {
            return;
        }

        historyLoading = true;
        try
        {
            var now = Time.GetUtcNow();
            historyLoadedAt = now;
            var to = LatestMeasurement() is { } latest && latest > now ? latest : now;
            history = await Feed.GetBoxHistoryAsync(BoxId, to.AddHours(-hours), to);
        }
        finally
        {
            historyLoading = false;
        }
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
