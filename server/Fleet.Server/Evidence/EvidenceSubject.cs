namespace Fleet.Server.Evidence;

/// <summary>What a caller asks evidence about: a delivery, a box or a merchant.</summary>
/// <param name="Kind">"delivery", "box" or "merchant".</param>
/// <param name="Id">The order id, box id or merchant name.</param>
/// <param name="Platform">The tenant the subject belongs to, when known.</param>
/// <param name="Region">The merchant's 6-digit region code, when known.</param>
public sealed record EvidenceSubject(string Kind, string Id, string? Platform = null, string? Region = null)
{
    public const string Delivery = "delivery";
    public const string Box = "box";
    public const string Merchant = "merchant";
}
