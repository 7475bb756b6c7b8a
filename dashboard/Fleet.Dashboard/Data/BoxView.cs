namespace Fleet.Dashboard.Data;

/// <summary>A box as the fleet page shows it.</summary>
/// <param name="LastSeen">When the server last heard from the box (server clock).</param>
/// <param name="OpenAlerts">How many alerts are open for the box.</param>
public sealed record BoxView(
    string BoxId,
    bool Online,
    DateTimeOffset? LastSeen,
    IReadOnlyList<CompartmentView> Compartments,
    double? AmbientCelsius,
    int OpenAlerts);
