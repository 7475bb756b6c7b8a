namespace Fleet.Server.Deliveries;

/// <summary>
/// The body of POST /api/deliveries. orderedAt defaults to now; platform defaults to the caller's
/// (a manager's token); merchantRegion is the merchant's 6-digit administrative division code.
/// </summary>
public sealed record CreateDeliveryRequest(
    string? OrderId,
    string? Merchant,
    List<FoodItem>? Items,
    string? Address,
    DateTimeOffset? OrderedAt,
    DateTimeOffset? ProcessedAt,
    DateTimeOffset? PromisedAt,
    string? Platform = null,
    string? MerchantRegion = null);

/// <summary>The body of POST /api/deliveries/{id}/assign.</summary>
public sealed record AssignRequest(string? CourierId, string? BoxId);

/// <summary>The optional body of pickup and hand-over: when it happened (default now).</summary>
public sealed record StepRequest(DateTimeOffset? At);

/// <summary>Why an assignment was refused: every reason, each naming its requirement.</summary>
public sealed record AssignmentRefusal(string OrderId, IReadOnlyList<string> Reasons);
