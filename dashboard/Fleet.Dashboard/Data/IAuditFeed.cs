namespace Fleet.Dashboard.Data;

/// <summary>
/// What the audit page reads: the audit trail, already limited to what the signed-in user may see
/// (admins everything, regulators their regions), and the state of its hash chain. The server
/// implements it; it is kept apart from <see cref="IFleetFeed"/>, which serves the fleet manager.
/// </summary>
public interface IAuditFeed
{
    /// <summary>One page of entries matching <paramref name="filter"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<AuditPageView> GetEntriesAsync(AuditFilterView filter, int limit, CancellationToken cancellationToken = default);

    /// <summary>Recomputes the chain; null when the user may not read the audit trail.</summary>
    Task<AuditChainStatusView?> VerifyAsync(CancellationToken cancellationToken = default);
}
