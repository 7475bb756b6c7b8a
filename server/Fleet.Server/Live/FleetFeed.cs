using Fleet.Dashboard.Data;
using Fleet.Server.Alerts;
using Fleet.Server.Audit;

namespace Fleet.Server.Live;

/// <summary>
/// The whole fleet as the dashboard sees it, shared by every circuit: the box views, the alert
/// service, the deliveries with their verdicts, and box histories. Each circuit reads it through
/// its own <see cref="Access.ScopedFleetFeed"/> (the IFleetFeed), which knows the signed-in user,
/// scopes what they see and acts on alerts in their name. Its events are raised by the
/// <see cref="LiveBroadcaster"/> loop, box changes coalesced, never on the ingestion path.
/// </summary>
public sealed class FleetFeed(
    BoxViews boxes,
    AlertService alerts,
    DeliveryViews deliveryViews,
    BoxHistories histories,
    AlertTenancy tenancy,
    AuditTrail audit,
    ILogger<FleetFeed> logger)
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

    /// <summary>Acknowledges an alert in the name of <paramref name="actor"/> (the circuit's signed-in user).</summary>
    public Task<AlertActionResult> AcknowledgeAlertAsync(long alertId, AuditActor actor, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, actor, note, acknowledge: true, cancellationToken);

    /// <summary>Resolves an alert by hand in the name of <paramref name="actor"/> (the circuit's signed-in user).</summary>
    public Task<AlertActionResult> ResolveAlertAsync(long alertId, AuditActor actor, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, actor, note, acknowledge: false, cancellationToken);

    /// <summary>
    /// The same rules as the HTTP endpoints: a note required, only an alert in a state that allows
    /// it; the alert's acknowledgedBy or resolvedBy and the audit entry name the signed-in user.
    /// </summary>
    private async Task<AlertActionResult> ActAsync(long alertId, AuditActor actor, string note, bool acknowledge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Name == AuditActor.AnonymousName)
        {
            return AlertActionResult.Refused("Sign in to act on alerts.");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            return AlertActionResult.Refused("A note is required.");
        }

        var before = await alerts.FindAsync(alertId, cancellationToken).ConfigureAwait(false);
        var changed = acknowledge
            ? await alerts.AcknowledgeAsync(alertId, actor.Name, note.Trim(), cancellationToken).ConfigureAwait(false)
            : await alerts.ResolveByHandAsync(alertId, actor.Name, note.Trim(), cancellationToken).ConfigureAwait(false);
        if (changed is not null)
        {
            var (platform, region) = await tenancy.OfAsync(changed, CancellationToken.None).ConfigureAwait(false);
            await audit.RecordAsync(AuditEntry.Change(
                acknowledge ? AuditActions.AlertAcknowledged : AuditActions.AlertResolved,
                actor,
                AuditTarget.ForAlert(alertId),
                before,
                changed,
                platform,
                region)).ConfigureAwait(false);
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
