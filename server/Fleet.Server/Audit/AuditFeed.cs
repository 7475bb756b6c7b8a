using Fleet.Dashboard.Data;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fleet.Server.Audit;

/// <summary>
/// The audit page's data (IAuditFeed), one per dashboard circuit: the signed-in user of the circuit
/// decides the scope, by the same <see cref="AuditScope.For"/> rule as GET /api/audit.
/// </summary>
public sealed class AuditFeed(AuditTrail trail, AuthenticationStateProvider authentication) : IAuditFeed
{
    private const string NotAllowed = "Only admins, and regulators for their regions, may read the audit trail.";

    public async Task<AuditPageView> GetEntriesAsync(AuditFilterView filter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await ScopeAsync().ConfigureAwait(false) is not { } scope)
        {
            return AuditPageView.Refused(NotAllowed);
        }

        if (AuditExtensions.Parse(null, null, filter.Action, filter.Target, filter.Actor, null, null, out var parsed) is { } reason)
        {
            return AuditPageView.Refused(reason);
        }

        var query = parsed with
        {
            From = filter.From,
            To = filter.To,
            BeforeSequence = filter.Cursor,
            Limit = Math.Clamp(limit, 1, AuditQuery.MaxLimit),
        };
        var page = await trail.QueryAsync(query, scope, cancellationToken).ConfigureAwait(false);
        var views = new List<AuditEntryView>(page.Entries.Count);
        foreach (var e in page.Entries)
        {
            views.Add(new AuditEntryView(
                e.Sequence,
                DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs),
                e.Actor,
                e.ActorRole,
                e.ClientAddress,
                e.Action,
                e.TargetKind is null ? null : e.TargetId is null ? e.TargetKind : $"{e.TargetKind}/{e.TargetId}",
                e.Region,
                e.Before,
                e.After));
        }

        return new AuditPageView(views, page.NextCursor);
    }

    public async Task<AuditChainStatusView?> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (await ScopeAsync().ConfigureAwait(false) is null)
        {
            return null;
        }

        var result = await trail.VerifyAsync(cancellationToken).ConfigureAwait(false);
        return new AuditChainStatusView(result.Intact, result.Entries, result.HeadSequence, result.FirstBrokenSequence, result.Problem, result.Protected, result.CheckedAt);
    }

    private async Task<AuditScope?> ScopeAsync() =>
        AuditScope.For((await authentication.GetAuthenticationStateAsync().ConfigureAwait(false)).User);
}
