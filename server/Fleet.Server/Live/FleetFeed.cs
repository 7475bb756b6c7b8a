using Fleet.Dashboard.Data;
using Fleet.Server.Alerts;
using Fleet.Server.Audit;

namespace Fleet.Server.Live;

/// <summary>
/// The dashboard's view of the fleet (IFleetFeed) over the box views, the alert service, the
/// deliveries with their verdicts, and box histories. Its events are raised by the
/// <see cref="LiveBroadcaster"/> loop, box changes coalesced, never on the ingestion path.
/// </summary>
public sealed class FleetFeed(
    BoxViews boxes,
    AlertService alerts,
    DeliveryViews deliveryViews,
    BoxHistories histories,
    AuditTrail audit,
    ILogger<FleetFeed> logger) : IFleetFeed
{
    public event Action<BoxView>? BoxChanged;

    public event Action<AlertView>? AlertChanged;

    public event Action<string>? DeliveryChanged;

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

        var before = await alerts.FindAsync(alertId, cancellationToken).ConfigureAwait(false);
        var changed = acknowledge
            ? await alerts.AcknowledgeAsync(alertId, by.Trim(), note.Trim(), cancellationToken).ConfigureAwait(false)
            : await alerts.ResolveByHandAsync(alertId, by.Trim(), note.Trim(), cancellationToken).ConfigureAwait(false);
        if (changed is not null)
        {
            // The feed is shared by every circuit and does not know the circuit's user yet: recorded
            // as anonymous from the dashboard (the name typed in is in "after") until sign-in reaches it.
            await audit.RecordAsync(AuditEntry.Change(
                acknowledge ? AuditActions.AlertAcknowledged : AuditActions.AlertResolved,
                new AuditActor(AuditActor.AnonymousName, null, "dashboard"),
                AuditTarget.ForAlert(alertId),
                before,
                changed)).ConfigureAwait(false);
            return AlertActionResult.Done(changed.ToView());
        }

        return await alerts.FindAsync(alertId, cancellationToken).ConfigureAwait(false) is { } current
            ? AlertActionResult.Refused($"Alert {alertId} is {current.State} already.")
            : AlertActionResult.Refused($"There is no alert {alertId}.");
    }

    public BoxView? GetBox(string boxId) => boxes.Find(boxId);

    public Task<IReadOnlyList<DeliveryView>> GetDeliveriesAsync(int limit, CancellationToken cancellationToken = default) =>
        deliveryViews.RecentAsync(limit, cancellationToken);

    public Task<DeliveryDetailView?> GetDeliveryAsync(string orderId, CancellationToken cancellationToken = default) =>
        deliveryViews.DetailAsync(orderId, cancellationToken);

    public Task<BoxHistoryView> GetBoxHistoryAsync(string boxId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        histories.GetAsync(boxId, from, to, cancellationToken);

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

    internal void RaiseDeliveryChanged(string orderId)
    {
        try
        {
            DeliveryChanged?.Invoke(orderId);
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
