using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>Registers the test fills in; what the pages read is exactly what was put here.</summary>
internal sealed class FakeFleetRegisters : IFleetRegisters
{
    public event Action? CouriersChanged;

    public event Action? DisinfectionsChanged;

    public DateOnly Day { get; set; } = DateOnly.FromDateTime(Views.Now.UtcDateTime);

    public List<CourierView> Couriers { get; } = [];

    public List<DisinfectionView> Boxes { get; } = [];

    public Task<CourierRoster> GetCouriersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new CourierRoster(Day, new DateTimeOffset(Day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), [.. Couriers]));

    public Task<IReadOnlyList<DisinfectionView>> GetDisinfectionBoardAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DisinfectionView>>([.. Boxes]);

    /// <summary>Says, from a thread-pool thread as the server would, that couriers changed.</summary>
    public Task PublishCouriersChangedAsync() => Task.Run(() => CouriersChanged?.Invoke());

    /// <summary>Says, from a thread-pool thread, that a box reported a disinfection.</summary>
    public Task PublishDisinfectionsChangedAsync() => Task.Run(() => DisinfectionsChanged?.Invoke());
}
