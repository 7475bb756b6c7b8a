namespace Fleet.Dashboard.Data;

/// <summary>A box's compartments over [<paramref name="From"/>, <paramref name="To"/>], with lid openings and deliveries on the same axis.</summary>
public sealed record BoxHistoryView(
    string BoxId,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<ChannelSeriesView> Series,
    IReadOnlyList<TimePeriodView> LidOpen,
    IReadOnlyList<DeliveryMomentView> Deliveries);
