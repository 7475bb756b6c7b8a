using System.Collections.Concurrent;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Fleet.Dashboard.Layout;

/// <summary>
/// Counts the open alerts the signed-in user may see and the critical ones still unacknowledged,
/// live from the feed, and cues each new critical alert: the beacon pulses until someone
/// acknowledges, screen readers hear it, and a tone sounds where the user turned sound on
/// (browsers only play sound after a press on the page, and the choice is kept in the browser).
/// </summary>
public partial class AlertBeacon : LivePage
{
    /// <summary>Open alerts read at start; beyond it the counts are of the newest this many.</summary>
    public const int SnapshotLimit = 2_000;

    private readonly Dictionary<long, AlertView> open = [];
    private readonly ConcurrentQueue<AlertView> pending = new();

    private int openCount;
    private int unacknowledgedCritical;
    private int newCritical;
    private string announcement = "";
    private bool soundOn;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override void Subscribe() => Feed.AlertChanged += OnAlertChanged;

    protected override void Unsubscribe() => Feed.AlertChanged -= OnAlertChanged;

    protected override void LoadSnapshot()
    {
        foreach (var alert in Feed.GetAlerts(SnapshotLimit))
        {
            if (alert.IsOpen())
            {
                open[alert.Id] = alert;
            }
        }

        Recount();
    }

    protected override void ApplyPending()
    {
        while (pending.TryDequeue(out var alert))
        {
            var known = open.ContainsKey(alert.Id);
            if (!alert.IsOpen())
            {
                open.Remove(alert.Id);
                continue;
            }

            open[alert.Id] = alert;
            if (!known && IsUnacknowledgedCritical(alert))
            {
                newCritical++;
                announcement = $"New critical alert: {alert.BoxId}, {alert.Message}";
            }
        }

        Recount();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!IsLive)
        {
            return;
        }

        if (firstRender)
        {
            soundOn = await JS.InvokeAsync<bool>("fleet.alertSound.isOn");
            StateHasChanged();
        }

        if (newCritical > 0)
        {
            newCritical = 0;
            if (soundOn)
            {
                await JS.InvokeVoidAsync("fleet.alertSound.chime");
            }
        }
    }

    private async Task ToggleSoundAsync()
    {
        soundOn = await JS.InvokeAsync<bool>("fleet.alertSound.set", !soundOn);
    }

    private void OnAlertChanged(AlertView alert)
    {
        pending.Enqueue(alert);
        RequestRender();
    }

    private void Recount()
    {
        openCount = open.Count;
        unacknowledgedCritical = 0;
        foreach (var alert in open.Values)
        {
            if (IsUnacknowledgedCritical(alert))
            {
                unacknowledgedCritical++;
            }
        }
    }

    private static bool IsUnacknowledgedCritical(AlertView alert) =>
        alert.IsCritical() && string.Equals(alert.State, "open", StringComparison.OrdinalIgnoreCase);

    private string Describe() => unacknowledgedCritical > 0
        ? $"{openCount} open alerts, {unacknowledgedCritical} critical not acknowledged"
        : $"{openCount} open alerts";
}
