namespace Fleet.Dashboard.Data;

/// <summary>A delivery as the regulator view lists it, with its verdict's summary once handed over.</summary>
/// <param name="Compliant">The verdict; null before hand-over (no verdict yet).</param>
/// <param name="Reasons">Why it is not compliant, each naming its requirement; empty otherwise.</param>
/// <param name="LateByMinutes">Hand-over minus the promised time (positive when late); null without a verdict.</param>
public sealed record RegulatorDelivery(
    string OrderId,
    string? Platform,
    string Merchant,
    string? MerchantRegion,
    string? BoxId,
    DateTimeOffset OrderedAt,
    DateTimeOffset? HandedOverAt,
    bool? Compliant,
    IReadOnlyList<string> Reasons,
    double? LateByMinutes,
    double? ProcessingToHandOverMinutes);

/// <summary>One page of deliveries and how many match in all.</summary>
public sealed record RegulatorDeliveryPage(IReadOnlyList<RegulatorDelivery> Items, int Total, int Page, int PageSize);

/// <summary>A temperature alert or a non-compliance reason, named by its order, box, merchant and platform.</summary>
/// <param name="Kind">"alert" (a temperature alert raised while the order was in its box) or "verdict" (a reason of a non-compliant verdict).</param>
/// <param name="Code">The alert's rule, or "non-compliant" for a verdict's reason.</param>
public sealed record RegulatorExcursion(
    string Kind,
    DateTimeOffset At,
    string OrderId,
    string? BoxId,
    string Merchant,
    string? Platform,
    string? MerchantRegion,
    string Code,
    string Detail,
    double? PeakCelsius);

/// <summary>What the regulator view's filters offer, and a line saying whose jurisdiction it shows.</summary>
public sealed record RegulatorChoices(string Jurisdiction, IReadOnlyList<string> Platforms, IReadOnlyList<string> Merchants);
