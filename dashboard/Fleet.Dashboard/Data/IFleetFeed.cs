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
    /// Acknowledges an open alert in the name of the signed-in user, with a note (required), as
    /// POST /api/alerts/{id}/acknowledge does. Refused, with the reason, when the alert is unknown,
    /// already acknowledged or resolved. The change also comes back through <see cref="AlertChanged"/>.
    /// </summary>
    Task<AlertActionResult> AcknowledgeAlertAsync(long alertId, string note, CancellationToken cancellationToken = default);

    /// <summary>Resolves an open or acknowledged alert by hand in the name of the signed-in user (note required), as POST /api/alerts/{id}/resolve does.</summary>
    Task<AlertActionResult> ResolveAlertAsync(long alertId, string note, CancellationToken cancellationToken = default);

    /// <summary>Raised when an alert is raised, changes state or is resolved.</summary>
    event Action<AlertView>? AlertChanged;

    /// <summary>One box as <see cref="GetBoxes"/> shows it, or null when the box is unknown.</summary>
    BoxView? GetBox(string boxId);

    /// <summary>
    /// Raised with the order id, at most twice a second per order, when a delivery is created,
    /// assigned, picked up or handed over, or its verdict is computed or revised.
    /// </summary>
    event Action<string>? DeliveryChanged;

    /// <summary>The most recently created deliveries, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<DeliveryView>> GetDeliveriesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>One delivery with its verdict once handed over, or null when there is no such order.</summary>
    Task<DeliveryDetailView?> GetDeliveryAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The box's compartments between <paramref name="from"/> and <paramref name="to"/> (device time), each
    /// thinned to at most <see cref="Live.SeriesThinning.MaxPoints"/> points, with lid openings and deliveries.
    /// </summary>
    Task<BoxHistoryView> GetBoxHistoryAsync(string boxId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
