namespace Fleet.Dashboard.Data;

/// <summary>The couriers as judged on one platform day, and when that day ends (fitness is judged anew then).</summary>
public sealed record CourierRoster(DateOnly Day, DateTimeOffset DayEndsAt, IReadOnlyList<CourierView> Couriers);

/// <summary>A courier as the couriers page shows them (R7).</summary>
/// <param name="CheckedToday">That day's health check: true passed, false failed, null not recorded.</param>
/// <param name="Unfit">Why the courier may not carry food that day; empty when fit.</param>
/// <param name="CarryingOrderId">The order the courier has picked up and not yet handed over, if any.</param>
public sealed record CourierView(
    string CourierId,
    string Name,
    DateOnly CertificateExpires,
    string? Training,
    bool? CheckedToday,
    IReadOnlyList<string> Unfit,
    string? CarryingOrderId)
{
    public bool Fit => Unfit.Count == 0;
}
