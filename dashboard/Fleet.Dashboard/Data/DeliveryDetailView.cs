namespace Fleet.Dashboard.Data;

/// <summary>One delivery with its order record, its steps and, once handed over, its verdict.</summary>
/// <param name="Verdict">Null before hand-over, or while the verdict has not been computed.</param>
public sealed record DeliveryDetailView(
    string OrderId,
    string Merchant,
    string Address,
    IReadOnlyList<FoodItemView> Items,
    DateTimeOffset OrderedAt,
    DateTimeOffset ProcessedAt,
    DateTimeOffset PromisedAt,
    string? CourierId,
    string? BoxId,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? PickedUpAt,
    DateTimeOffset? HandedOverAt,
    VerdictView? Verdict)
{
    public DeliveryState State =>
        HandedOverAt is not null ? DeliveryState.HandedOver
        : PickedUpAt is not null ? DeliveryState.PickedUp
        : AssignedAt is not null ? DeliveryState.Assigned
        : DeliveryState.Created;
}
