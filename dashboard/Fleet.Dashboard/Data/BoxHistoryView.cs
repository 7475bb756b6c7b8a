namespace Fleet.Dashboard.Data;

/// <summary>
/// A box's compartments over [<paramref name="From"/>, <paramref name="To"/>], with lid openings and
/// deliveries on the same axis, the disinfection cycles that ended in the range, the box's
/// calibration records (newest first), and the alerts whose period (raised to resolved, or still
/// open) overlaps the range.
/// </summary>
public sealed record BoxHistoryView(
    string BoxId,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ChannelSeriesView> Series,
    IReadOnlyList<TimePeriodView> LidOpen,
    IReadOnlyList<DeliveryMomentView> Deliveries,
    IReadOnlyList<DisinfectionCycleView>? Disinfections = null,
    IReadOnlyList<CalibrationView>? Calibrations = null,
    IReadOnlyList<AlertView>? Alerts = null);
