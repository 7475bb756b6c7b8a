using Fleet.Dashboard.Data;
using Fleet.Server.Boxes;
using Fleet.Server.Couriers;
using Fleet.Server.Deliveries;
using Fleet.Server.Platform;
using Fleet.Server.Rules;

namespace Fleet.Server.Live;

/// <summary>
/// The couriers page and the disinfection board, over the registries and the same checks the rules
/// make; it says when they change, from the stores' events and the boxes' disinfection reports.
/// </summary>
public sealed class FleetRegisters : IFleetRegisters
{
    private readonly CourierStore couriers;
    private readonly DeliveryStore deliveries;
    private readonly BoxProfileStore profiles;
    private readonly BoxRegistry registry;
    private readonly Disinfections disinfections;
    private readonly PlatformCalendar calendar;
    private readonly TimeProvider time;

    public FleetRegisters(CourierStore couriers, DeliveryStore deliveries, BoxProfileStore profiles, BoxRegistry registry, Disinfections disinfections, DisinfectionReports reports, PlatformCalendar calendar, TimeProvider time)
    {
        (this.couriers, this.deliveries, this.profiles, this.registry, this.disinfections, this.calendar, this.time) =
            (couriers, deliveries, profiles, registry, disinfections, calendar, time);
        couriers.Changed += () => CouriersChanged?.Invoke();
        deliveries.Changed += _ => CouriersChanged?.Invoke();
        profiles.Saved += _ => DisinfectionsChanged?.Invoke();
        reports.Reported += _ => DisinfectionsChanged?.Invoke();
    }

    public event Action? CouriersChanged;

    public event Action? DisinfectionsChanged;

    public Task<CourierRoster> GetCouriersAsync(CancellationToken cancellationToken = default) => GetCouriersAsync(_ => true, cancellationToken);

    /// <summary>The couriers whose platform <paramref name="inScope"/> accepts.</summary>
    public async Task<CourierRoster> GetCouriersAsync(Func<string?, bool> inScope, CancellationToken cancellationToken = default)
    {
        var today = calendar.Today();
        var carrying = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var delivery in await deliveries.UnderWayAsync(long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (delivery is { CourierId: { } courierId, PickedUpAt: not null, HandedOverAt: null })
            {
                carrying[courierId] = delivery.OrderId;
            }
        }

        var views = new List<CourierView>();
        foreach (var courier in await couriers.ListAsync(today, cancellationToken).ConfigureAwait(false))
        {
            if (!inScope(courier.Platform))
            {
                continue;
            }

            views.Add(new CourierView(courier.CourierId, courier.Name, courier.CertificateExpires, courier.Training,
                courier.CheckedToday, courier.Unfitness(today), carrying.GetValueOrDefault(courier.CourierId)));
        }

        return new CourierRoster(today, calendar.EndOf(today), views);
    }

    public async Task<IReadOnlyList<DisinfectionView>> GetDisinfectionBoardAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = calendar.DayOf(now);
        var maxAge = TimeSpan.FromHours(disinfections.Options.MaxAgeHours);
        var views = new List<DisinfectionView>();
        foreach (var boxId in await profiles.BoxIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await profiles.FindAsync(boxId, cancellationToken).ConfigureAwait(false) is not { } profile)
            {
                continue;
            }

            // Disinfections are on the box's clock, as the rules judge them.
            var deviceNowMs = now.ToUnixTimeMilliseconds() + DeliveryWatch.Skew(registry.Find(boxId));
            DateTimeOffset? last = await disinfections.LastCompletedAsync(boxId, deviceNowMs, cancellationToken).ConfigureAwait(false) is { } lastMs
                ? DateTimeOffset.FromUnixTimeMilliseconds(lastMs)
                : null;
            var cycle = await disinfections.LastCycleAsync(boxId, deviceNowMs, cancellationToken).ConfigureAwait(false);
            views.Add(new DisinfectionView(
                boxId,
                profile.InService,
                last,
                last + maxAge,
                cycle?.What,
                cycle?.Counts ?? false,
                profile.InService.AddDays(disinfections.Options.ReplaceAfterDays) < today));
        }

        return views;
    }
}
