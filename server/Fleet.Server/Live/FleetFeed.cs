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
