using System.Collections.Concurrent;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Fleet.Dashboard.Pages;

/// <summary>The alerts, newest first, live; a new critical alert is flagged for a few seconds.</summary>
public partial class AlertsPage : LivePage
{
    /// <summary>How many alerts the page holds; beyond it the oldest resolved ones go.</summary>
    public const int Keep = 500;

    /// <summary>How long a new critical alert stands out.</summary>
    public static readonly TimeSpan HighlightFor = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, AlertView> alerts = [];

    // Every transition counts here (a new alert is told apart from a changed one), so a queue, in order.
    private readonly ConcurrentQueue<AlertView> pending = new();
    private readonly Dictionary<long, DateTimeOffset> highlightUntil = [];

    private List<AlertView> shown = [];
    private int openCount;
    private bool showAll;
    private string boxFilter = "";
    private PendingAction? action;
    private string actionNote = "";
    private string? actionError;
    private bool busy;

    /// <summary>Narrows the list to boxes whose id contains it, as the fleet page links (alerts?box=…).</summary>
    [SupplyParameterFromQuery(Name = "box")]
    public string? Box { get; set; }

    /// <summary>"all" to list resolved alerts too (alerts?show=all).</summary>
    [SupplyParameterFromQuery(Name = "show")]
    public string? Show { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void OnParametersSet()
    {
        boxFilter = Box ?? "";
        showAll = string.Equals(Show, "all", StringComparison.OrdinalIgnoreCase);
        Recompute();
    }

    protected override void Subscribe() => Feed.AlertChanged += OnAlertChanged;

    protected override void Unsubscribe() => Feed.AlertChanged -= OnAlertChanged;

    protected override void LoadSnapshot()
    {
        foreach (var alert in Feed.GetAlerts(Keep))
        {
            alerts[alert.Id] = alert;
        }
    }

    protected override void ApplyPending()
    {
        var now = Time.GetUtcNow();
        while (pending.TryDequeue(out var alert))
        {
            var isNew = alerts.TryAdd(alert.Id, alert);
            if (!isNew)
            {
                alerts[alert.Id] = alert;
            }
            else if (alert.IsCritical() && alert.IsOpen())
            {
                highlightUntil[alert.Id] = now + HighlightFor;
            }
        }

        foreach (var (id, until) in highlightUntil)
        {
            if (until <= now)
            {
                highlightUntil.Remove(id);
            }
        }

        TrimResolved();
        Recompute();
    }

    private void OnAlertChanged(AlertView alert)
    {
        pending.Enqueue(alert);
        RequestRender();
    }

    /// <summary>A shift is long: drop the oldest resolved alerts so the page's memory stays bounded.</summary>
    private void TrimResolved()
    {
        if (alerts.Count <= Keep)
        {
            return;
        }

        var resolved = alerts.Values.Where(a => !a.IsOpen()).OrderBy(a => a.RaisedAt).ThenBy(a => a.Id).ToList();
        for (var i = 0; i < resolved.Count && alerts.Count > Keep; i++)
        {
            alerts.Remove(resolved[i].Id);
            highlightUntil.Remove(resolved[i].Id);
        }
    }

    private void Recompute()
    {
        var term = boxFilter.Trim();
        openCount = alerts.Values.Count(a => a.IsOpen());
        shown = alerts.Values
            .Where(a => (showAll || a.IsOpen())
                        && (term.Length == 0 || a.BoxId.Contains(term, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(a => a.RaisedAt)
            .ThenByDescending(a => a.Id)
            .ToList();
    }

    private Task ShowAll(bool all)
    {
        showAll = all;
        return FilterChangedAsync();
    }

    /// <summary>
    /// Applies the filters and writes them into the address, so a reload (after a lost connection,
    /// say) shows the same list. Written in place by fleet.js, not navigated to: the filter is
    /// applied as it is typed, and a navigation's echo would arrive a keystroke late.
    /// </summary>
    private async Task FilterChangedAsync()
    {
        Recompute();
        var term = boxFilter.Trim();
        var address = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["box"] = term.Length > 0 ? term : null,
            ["show"] = showAll ? "all" : null,
        });
        await JS.InvokeVoidAsync("fleet.rememberAddress", address);
    }

    private void Begin(AlertView alert, bool resolve)
    {
        action = new PendingAction(alert.Id, resolve);
        actionNote = "";
        actionError = null;
    }

    private void CancelAction()
    {
        action = null;
        actionError = null;
    }

    /// <summary>
    /// Sends the action through the feed. Who acts is typed in for now (sign-in comes later) and kept
    /// for the next action; the note is per alert. The list shows the result at once rather than
    /// waiting for the feed's echo.
    /// </summary>
    private async Task ConfirmAsync()
    {
        if (action is not { } pendingAction || busy)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(actionNote))
        {
            actionError = "A note is required.";
            return;
        }

        busy = true;
        try
        {
            var result = pendingAction.Resolve
                ? await Feed.ResolveAlertAsync(pendingAction.AlertId, actionNote)
                : await Feed.AcknowledgeAlertAsync(pendingAction.AlertId, actionNote);
            if (result.Alert is { } changed)
            {
                alerts[changed.Id] = changed;
                action = null;
                actionError = null;
                Recompute();
            }
            else
            {
                actionError = result.Error;
            }
        }
        finally
        {
            busy = false;
        }
    }

    private static string ActionTitle(PendingAction pending) =>
        $"{(pending.Resolve ? "Resolve" : "Acknowledge")} alert {pending.AlertId}";

    private sealed record PendingAction(long AlertId, bool Resolve);

    private bool IsHighlighted(AlertView alert, DateTimeOffset now) =>
        highlightUntil.TryGetValue(alert.Id, out var until) && now < until;

    private static string StateName(AlertView alert) => alert.State.ToLowerInvariant();

    private static string SeverityName(AlertView alert) => alert.Severity.ToLowerInvariant();
}
