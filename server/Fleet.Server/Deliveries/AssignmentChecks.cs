using Fleet.Server.Boxes;
using Fleet.Server.Couriers;
using Fleet.Server.Platform;

namespace Fleet.Server.Deliveries;

/// <summary>Whether a courier and a box may take a delivery: cold chain (R3), disinfection (R4), courier fitness (R7).</summary>
public sealed class AssignmentChecks(BoxProfileStore profiles, Disinfections disinfections, CourierStore couriers, PlatformCalendar calendar, TimeProvider time, BoxRegistry boxes)
{
    /// <summary>Every reason to refuse; empty when the assignment may go ahead.</summary>
    public async Task<IReadOnlyList<string>> RefusalsAsync(Delivery delivery, string courierId, string boxId, CancellationToken cancellationToken)
    {
        var reasons = new List<string>();
        var profile = await profiles.FindAsync(boxId, cancellationToken).ConfigureAwait(false);
        foreach (var item in delivery.Items)
        {
            var needs = FoodCategories.CarriedIn(item.Category);
            if (needs.Length > 0 && !HasAny(profile, needs))
            {
                reasons.Add($"{item.Category} food \"{item.Name}\" needs a {string.Join(" or ", needs)} compartment; box {boxId} {(profile is null ? "has no profile" : "has none")} (R3)");
            }
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (await disinfections.LastCompletedAsync(boxId, now, cancellationToken).ConfigureAwait(false) is null)
        {
            reasons.Add($"box {boxId} has no completed disinfection of at least {disinfections.Options.MinDoseSeconds} s in the last {disinfections.Options.MaxAgeHours} h (R4)");
        }

        var today = calendar.Today();
        if (profile is not null && profile.InService.AddDays(disinfections.Options.ReplaceAfterDays) < today)
        {
            reasons.Add($"box {boxId} has been in service since {profile.InService:yyyy-MM-dd}, longer than {disinfections.Options.ReplaceAfterDays} days: due for replacement (R4)");
        }

        if (await couriers.FindAsync(courierId, today, cancellationToken).ConfigureAwait(false) is not { } courier)
        {
            reasons.Add($"courier {courierId} is not registered (R7)");
        }
        else
        {
            reasons.AddRange(courier.Unfitness(today));
            if (delivery.Platform is not null && courier.Platform != delivery.Platform)
            {
                reasons.Add($"courier {courierId} does not work for platform {delivery.Platform}");
            }
        }

        // Tenancy: a platform's order goes in that platform's box.
        if (delivery.Platform is not null && boxes.PlatformOf(boxId) != delivery.Platform)
        {
            reasons.Add($"box {boxId} is not registered for platform {delivery.Platform}");
        }

        return reasons;
    }

    private static bool HasAny(BoxProfile? profile, string[] capabilities)
    {
        if (profile is null)
        {
            return false;
        }

        foreach (var compartment in profile.Compartments)
        {
            if (Array.IndexOf(capabilities, compartment.Capability) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
