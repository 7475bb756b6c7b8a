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

    /// <summary>
    /// Acknowledges an open alert on behalf of <paramref name="by"/> with a note (both required), as
    /// POST /api/alerts/{id}/acknowledge does. Refused, with the reason, when the alert is unknown,
    /// already acknowledged or resolved. The change also comes back through <see cref="AlertChanged"/>.
    /// </summary>
    Task<AlertActionResult> AcknowledgeAlertAsync(long alertId, string by, string note, CancellationToken cancellationToken = default);

    /// <summary>Resolves an open or acknowledged alert by hand (who and note required), as POST /api/alerts/{id}/resolve does.</summary>
    Task<AlertActionResult> ResolveAlertAsync(long alertId, string by, string note, CancellationToken cancellationToken = default);

    /// <summary>Raised when an alert is raised, changes state or is resolved.</summary>
    event Action<AlertView>? AlertChanged;
}
