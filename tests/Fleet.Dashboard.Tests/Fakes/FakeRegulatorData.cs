using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>The regulator view's data as a test arranges it; records what the page asked for.</summary>
internal sealed class FakeRegulatorData : IRegulatorData
{
    public RegulatorChoices Choices { get; set; } = new("Regions 4403", ["meituan-sz"], ["Noodle House", "Tea Shop"]);

    public List<RegulatorStatisticsRow> Statistics { get; } = [];

    public List<RegulatorDelivery> Deliveries { get; } = [];

    public List<(RegulatorFilter Filter, string GroupBy)> StatisticsAsked { get; } = [];

    public List<(RegulatorFilter Filter, int Page)> DeliveriesAsked { get; } = [];

    public Exception? Failure { get; set; }

    public Task<RegulatorChoices> GetChoicesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Choices);

    public Task<IReadOnlyList<RegulatorStatisticsRow>> GetStatisticsAsync(RegulatorFilter filter, string groupBy, CancellationToken cancellationToken = default)
    {
        StatisticsAsked.Add((filter, groupBy));
        return Failure is { } failure ? Task.FromException<IReadOnlyList<RegulatorStatisticsRow>>(failure) : Task.FromResult<IReadOnlyList<RegulatorStatisticsRow>>(Statistics);
    }

    public Task<RegulatorDeliveryPage> GetDeliveriesAsync(RegulatorFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        DeliveriesAsked.Add((filter, page));
        var items = Deliveries.Where(d => filter.Merchant is null || d.Merchant == filter.Merchant).ToList();
        return Task.FromResult(new RegulatorDeliveryPage([.. items.Skip((page - 1) * pageSize).Take(pageSize)], items.Count, page, pageSize));
    }
}
