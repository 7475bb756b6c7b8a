namespace Fleet.Server.Couriers;

/// <summary>A courier's registry record (R7): health certificate, training, and today's health check.</summary>
/// <param name="Training">Food-safety training record, free text (course and date).</param>
/// <param name="CheckedToday">Today's health check, if recorded: true passed, false failed.</param>
/// <param name="Platform">The platform (tenant) the courier works for; null for none (admins only).</param>
public sealed record Courier(string CourierId, string Name, DateOnly CertificateExpires, string? Training, bool? CheckedToday, string? Platform = null)
{
    /// <summary>Why the courier may not carry food today; empty when fit.</summary>
    public IReadOnlyList<string> Unfitness(DateOnly today)
    {
        var reasons = new List<string>();
        if (CertificateExpires < today)
        {
            reasons.Add($"courier {CourierId}'s health certificate expired on {CertificateExpires:yyyy-MM-dd} (R7)");
        }

        if (CheckedToday is null)
        {
            reasons.Add($"courier {CourierId} has no health check for {today:yyyy-MM-dd} (R7)");
        }
        else if (CheckedToday == false)
        {
            reasons.Add($"courier {CourierId} failed today's health check (R7)");
        }

        return reasons;
    }
}
