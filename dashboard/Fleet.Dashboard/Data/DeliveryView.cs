namespace Fleet.Dashboard.Data;

/// <summary>A delivery as the deliveries list shows it.</summary>
/// <param name="Compliant">The verdict: true or false once computed, null while pending (before hand-over or not yet computed).</param>
public sealed record DeliveryView(
    string OrderId,
    string Merchant,
    string? BoxId,
    string? CourierId,
    DeliveryState State,
    DateTimeOffset PromisedAt,
    bool? Compliant);
