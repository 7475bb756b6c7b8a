using Fleet.Dashboard.Data;

namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>An audit feed over a list, newest first: filters by action, pages by sequence, remembers what it was asked.</summary>
internal sealed class FakeAuditFeed : IAuditFeed
{
    public List<AuditEntryView> Entries { get; } = [];

    public AuditChainStatusView? Chain { get; set; }

    public string? Refusal { get; set; }

    public List<AuditFilterView> Asked { get; } = [];

    public Task<AuditPageView> GetEntriesAsync(AuditFilterView filter, int limit, CancellationToken cancellationToken = default)
    {
        Asked.Add(filter);
        if (Refusal is { } refusal)
        {
            return Task.FromResult(AuditPageView.Refused(refusal));
        }

        var matching = Entries
            .Where(e => (filter.Action is null || e.Action == filter.Action) && (filter.Cursor is null || e.Sequence < filter.Cursor))
            .OrderByDescending(e => e.Sequence)
            .ToList();
        var page = matching.Take(limit).ToList();
        return Task.FromResult(new AuditPageView(page, matching.Count > limit ? page[^1].Sequence : null));
    }

    public Task<AuditChainStatusView?> VerifyAsync(CancellationToken cancellationToken = default) => Task.FromResult(Refusal is null ? Chain : null);
}
