namespace Fleet.Dashboard.Data;

/// <summary>
/// The registers behind the couriers page and the disinfection board: records that change a few
/// times a day, so the pages query them rather than listen. The server implements it.
/// </summary>
public interface IFleetRegisters
{
    /// <summary>Every courier, sorted by id, with their fitness on the platform's day.</summary>
    Task<IReadOnlyList<CourierView>> GetCouriersAsync(CancellationToken cancellationToken = default);

    /// <summary>Every box with a profile (in service), sorted by id, with its disinfection state.</summary>
    Task<IReadOnlyList<DisinfectionView>> GetDisinfectionBoardAsync(CancellationToken cancellationToken = default);
}
