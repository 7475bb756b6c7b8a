namespace Fleet.Dashboard.Data;

/// <summary>
/// What the dashboard reads and listens to. The server implements it over its live state;
/// the dashboard depends on nothing else of the server.
/// </summary>
public interface IFleetFeed
{
    /// <summary>Every known box, sorted by box id.</summary>
    IReadOnlyList<BoxView> GetBoxes();

    /// <summary>Open alerts first (newest first), then the latest resolved ones, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<AlertView> GetAlerts(int limit = 200);

    /// <summary>
    /// Raised, at most a few times a second per box, when a box's readings or status change,
    /// including its <see cref="BoxView.OpenAlerts"/> count: the fleet page takes that count from here.
    /// </summary>
    event Action<BoxView>? BoxChanged;

    /// <summary>Raised when an alert is raised, changes state or is resolved.</summary>
    event Action<AlertView>? AlertChanged;
}
