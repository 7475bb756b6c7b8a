using System.Collections.Concurrent;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The wall-screen view: every box, its compartments' temperatures, live. Filtering runs here, on
/// the server, and only the rows in view are rendered (virtualised), so 5,000 boxes stay light for
/// the browser; the filter is kept in the address (<c>?q=&amp;problems=1</c>) so a reload keeps it.
/// </summary>
public partial class FleetPage : LivePage
{
    private readonly Dictionary<string, BoxView> boxes = new(StringComparer.Ordinal);

    // Written by the feed's threads, drained by the renderer; the latest view of a box wins.
    private readonly ConcurrentDictionary<string, BoxView> pendingBoxes = new(StringComparer.Ordinal);
    private int alertsChanged;

    private List<BoxView> visible = [];
    private int online;
    private int compartmentsOutOfRange;
    private int openAlerts;
    private AlertView? newestOpenAlert;

    private string filter = "";
    private bool onlyProblems;

    /// <summary>Shows only boxes or orders whose id contains it.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Query { get; set; }

    /// <summary>"1" to show only boxes with a problem.</summary>
    [SupplyParameterFromQuery(Name = "problems")]
    public string? Problems { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void OnParametersSet()
    {
        filter = Query ?? "";
        onlyProblems = Problems == "1";
        Recompute();
    }

    /// <summary>Applies the filter and writes it into the address in place (see fleet.js), so a reload keeps it.</summary>
    private async Task FilterChangedAsync()
    {
        Recompute();
        var term = filter.Trim();
        await JS.InvokeVoidAsync("fleet.rememberAddress", Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["q"] = term.Length > 0 ? term : null,
            ["problems"] = onlyProblems ? "1" : null,
        }));
    }

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
        foreach (var box in Feed.GetBoxes())
        {
            boxes[box.BoxId] = box;
        }

        newestOpenAlert = NewestOpenAlert();
        Recompute();
    }

    protected override void ApplyPending()
    {
        var changed = false;
        foreach (var boxId in pendingBoxes.Keys)
        {
            if (pendingBoxes.TryRemove(boxId, out var box))
            {
                boxes[boxId] = box;
                changed = true;
            }
        }

        if (Interlocked.Exchange(ref alertsChanged, 0) == 1)
        {
            newestOpenAlert = NewestOpenAlert();
        }

        if (changed)
        {
            Recompute();
        }
    }

    private void OnBoxChanged(BoxView box)
    {
        pendingBoxes[box.BoxId] = box;
        RequestRender();
    }

    private void OnAlertChanged(AlertView alert)
    {
        Volatile.Write(ref alertsChanged, 1);
        RequestRender();
    }

    private AlertView? NewestOpenAlert()
    {
        // The feed lists open alerts first, newest first.
        var alerts = Feed.GetAlerts(1);
        return alerts.Count > 0 && alerts[0].IsOpen() ? alerts[0] : null;
    }

    /// <summary>Summary counts and the filtered, sorted rows; once per batch of changes, not per event.</summary>
    private void Recompute()
    {
        var term = filter.Trim();
        var rows = new List<BoxView>(boxes.Count);
        int up = 0, outOfRange = 0, open = 0;
        foreach (var box in boxes.Values)
        {
            var boxOutOfRange = box.OutOfRangeCount();
            up += box.Online ? 1 : 0;
            outOfRange += boxOutOfRange;
            open += box.OpenAlerts;

            if ((term.Length == 0
                    || box.BoxId.Contains(term, StringComparison.OrdinalIgnoreCase)
                    || (box.CarryingOrderId?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false))
                && (!onlyProblems || boxOutOfRange > 0 || box.OpenAlerts > 0 || box.DisinfectionFit == false))
            {
                rows.Add(box);
            }
        }

        rows.Sort(static (a, b) => string.CompareOrdinal(a.BoxId, b.BoxId));
        visible = rows;
        online = up;
        compartmentsOutOfRange = outOfRange;
        openAlerts = open;
    }

    private static string RowClass(BoxView box) =>
        "box-row"
        + (box.Online ? "" : " box-row--offline")
        + (box.HasProblem() ? " box-row--problem" : "");
}
