namespace Fleet.Dashboard.Data;

/// <summary>
/// What the regulator view reads: statistics, deliveries with their verdicts and the filter's
/// choices, always within the signed-in person's jurisdiction (a regulator's regions, a manager's
/// platform, everything for an admin). The server implements it once per circuit.
/// </summary>
public interface IRegulatorData
{
    /// <summary>The platforms and merchants with deliveries in the caller's jurisdiction, and how it reads.</summary>
    Task<RegulatorChoices> GetChoicesAsync(CancellationToken cancellationToken = default);

    /// <summary>One row per group of the deliveries ordered within the filter's period.</summary>
    Task<IReadOnlyList<RegulatorStatisticsRow>> GetStatisticsAsync(RegulatorFilter filter, string groupBy, CancellationToken cancellationToken = default);

    /// <summary>One page (from 1) of the deliveries matching the filter, newest first.</summary>
    Task<RegulatorDeliveryPage> GetDeliveriesAsync(RegulatorFilter filter, int page, int pageSize, CancellationToken cancellationToken = default);
}
