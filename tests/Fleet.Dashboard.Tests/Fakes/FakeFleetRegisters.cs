using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>Registers the test fills in; what the pages read is exactly what was put here.</summary>
internal sealed class FakeFleetRegisters : IFleetRegisters
{
    public List<CourierView> Couriers { get; } = [];

    public List<DisinfectionView> Boxes { get; } = [];

    public Task<IReadOnlyList<CourierView>> GetCouriersAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CourierView>>([.. Couriers]);

    public Task<IReadOnlyList<DisinfectionView>> GetDisinfectionBoardAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DisinfectionView>>([.. Boxes]);
}
