namespace Fleet.Dashboard.Data;

/// <summary>
/// The registers behind the couriers page and the disinfection board. They change a few times a
/// day, so the pages read them again when told they changed, not on a timer. The server implements it.
/// </summary>
public interface IFleetRegisters
{
    /// <summary>Every courier, sorted by id, with their fitness on the platform's day.</summary>
    Task<CourierRoster> GetCouriersAsync(CancellationToken cancellationToken = default);

    /// <summary>Every box with a profile (in service), sorted by id, with its disinfection state.</summary>
    Task<IReadOnlyList<DisinfectionView>> GetDisinfectionBoardAsync(CancellationToken cancellationToken = default);

    /// <summary>Raised when a courier, a health check, or the order a courier carries changes.</summary>
    event Action? CouriersChanged;

    /// <summary>Raised when a box reports a disinfection or UV-C cycle, or a box profile changes.</summary>
    event Action? DisinfectionsChanged;
}
