namespace Fleet.Dashboard.Data;

/// <summary>A box as the fleet page shows it.</summary>
/// <param name="LastSeen">When the server last heard from the box (server clock).</param>
/// <param name="OpenAlerts">How many alerts are open for the box.</param>
/// <param name="LastDisinfectedAt">When the box's last counted disinfection ended (device time); null for none within the maximum age.</param>
/// <param name="DisinfectionFit">Whether that disinfection still makes the box fit for service now; null when the box has no profile, so none is tracked.</param>
/// <param name="CarryingOrderId">The order the box carries: picked up and not yet handed over; null for none.</param>
public sealed record BoxView(
    string BoxId,
    bool Online,
    DateTimeOffset? LastSeen,
    IReadOnlyList<CompartmentView> Compartments,
    double? AmbientCelsius,
    int OpenAlerts,
    DateTimeOffset? LastDisinfectedAt = null,
    bool? DisinfectionFit = null,
    string? CarryingOrderId = null);
