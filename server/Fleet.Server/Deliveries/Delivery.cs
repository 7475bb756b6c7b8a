namespace Fleet.Server.Deliveries;

/// <summary>A delivery and its order record (R5, R6). Times are milliseconds since the epoch.</summary>
public sealed record Delivery(
    string OrderId,
    string Merchant,
    IReadOnlyList<FoodItem> Items,
    string Address,
    DateTimeOffset OrderedAt,
    DateTimeOffset ProcessedAt,
    DateTimeOffset PromisedAt,
    string? CourierId,
    string? BoxId,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? PickedUpAt,
    DateTimeOffset? HandedOverAt,
    DateTimeOffset RetainUntil);
