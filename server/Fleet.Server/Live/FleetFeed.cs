using Fleet.Dashboard.Data;
using Fleet.Server.Alerts;

namespace Fleet.Server.Live;

/// <summary>
/// The dashboard's view of the fleet (IFleetFeed) over the box registry and the alert service.
/// Its events are raised by the <see cref="LiveBroadcaster"/> loop, box changes coalesced, never
/// on the ingestion path.
/// </summary>
public sealed class FleetFeed(BoxViews boxes, AlertService alerts, ILogger<FleetFeed> logger) : IFleetFeed
{
    public event Action<BoxView>? BoxChanged;

    public event Action<AlertView>? AlertChanged;

    public IReadOnlyList<BoxView> GetBoxes() => boxes.All();

    public IReadOnlyList<AlertView> GetAlerts(int limit = 200)
    {
        var recent = alerts.Recent(limit);
        var views = new List<AlertView>(recent.Count);
        foreach (var alert in recent)
        {
            views.Add(alert.ToView());
        }

        return views;
    }

    public Task<AlertActionResult> AcknowledgeAlertAsync(long alertId, string by, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, by, note, acknowledge: true, cancellationToken);

    public Task<AlertActionResult> ResolveAlertAsync(long alertId, string by, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, by, note, acknowledge: false, cancellationToken);

    /// <summary>The same rules as the HTTP endpoints: who and note required; only an alert in a state that allows it.</summary>
    private async Task<AlertActionResult> ActAsync(long alertId, string by, string note, bool acknowledge, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(note))
        {
            return AlertActionResult.Refused("Your name and a note are both required.");
        }

        var changed = acknowledge
            ? await alerts.AcknowledgeAsync(alertId, by.Trim(), note.Trim(), cancellationToken).ConfigureAwait(false)
            : await alerts.ResolveByHandAsync(alertId, by.Trim(), note.Trim(), cancellationToken).ConfigureAwait(false);
        if (changed is not null)
        {
            return AlertActionResult.Done(changed.ToView());
        }

        return await alerts.FindAsync(alertId, cancellationToken).ConfigureAwait(false) is { } current
            ? AlertActionResult.Refused($"Alert {alertId} is {current.State} already.")
            : AlertActionResult.Refused($"There is no alert {alertId}.");
    }

    internal void RaiseBoxChanged(BoxView view)
    {
        try
        {
            BoxChanged?.Invoke(view);
        }
        catch (Exception exception)
        {
            LiveLog.SubscriberFailed(logger, exception);
        }
    }

    internal void RaiseAlertChanged(AlertView view)
    {
        try
        {
            AlertChanged?.Invoke(view);
        }
        catch (Exception exception)
        {
            LiveLog.SubscriberFailed(logger, exception);
        }
    }
}
