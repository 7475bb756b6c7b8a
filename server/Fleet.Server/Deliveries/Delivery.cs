namespace Fleet.Server.Deliveries;

/// <summary>A delivery and its order record (R5, R6). Times are milliseconds since the epoch.</summary>
/// <param name="Platform">The platform (tenant) that dispatched it; null for none (admins only).</param>
/// <param name="MerchantRegion">The merchant's 6-digit administrative division code: which regulator oversees it.</param>
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
    DateTimeOffset RetainUntil,
    string? Platform = null,
    string? MerchantRegion = null);
