namespace Fleet.Dashboard.Data;

/// <summary>A courier as the couriers page shows them (R7).</summary>
/// <param name="Day">The platform's day the fitness is judged for.</param>
/// <param name="CheckedToday">That day's health check: true passed, false failed, null not recorded.</param>
/// <param name="Unfit">Why the courier may not carry food that day; empty when fit.</param>
/// <param name="CarryingOrderId">The order the courier has picked up and not yet handed over, if any.</param>
public sealed record CourierView(
    string CourierId,
    string Name,
    DateOnly Day,
    DateOnly CertificateExpires,
    string? Training,
    bool? CheckedToday,
    IReadOnlyList<string> Unfit,
    string? CarryingOrderId)
{
    public bool Fit => Unfit.Count == 0;
}
