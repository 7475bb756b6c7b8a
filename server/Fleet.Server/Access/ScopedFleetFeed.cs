using System.Security.Claims;
using Fleet.Dashboard.Data;
using Fleet.Server.Alerts;
using Fleet.Server.Audit;
using Fleet.Server.Deliveries;
using Fleet.Server.Live;
using Microsoft.AspNetCore.Components.Authorization;

namespace Fleet.Server.Access;

/// <summary>
/// The dashboard's feed as one signed-in user sees it (one per Blazor circuit): the whole fleet
/// for an admin, one platform for a manager, the boxes, alerts and deliveries of their regions for
/// a regulator, who cannot acknowledge or resolve. What is out of scope looks as if it did not exist.
/// </summary>
public sealed class ScopedFleetFeed(
    FleetFeed inner,
    DeliveryViews deliveryViews,
    DeliveryStore deliveries,
    AlertService alerts,
    ScopeGuard guard,
    AuthenticationStateProvider authentication,
    TimeProvider time) : IFleetFeed, IDisposable
{
    // A regulator's boxes follow deliveries, which change; the filter is rebuilt this often.
    private static readonly TimeSpan FilterLifetime = TimeSpan.FromSeconds(15);

    /// <summary>The client address of the audit entries of actions taken on the dashboard.</summary>
    public const string DashboardAddress = "dashboard";

    private readonly Lock _gate = new();
    private ClaimsPrincipal? _user;
    private AccessScope? _scope;
    private BoxFilter? _filter;
    private DateTimeOffset _filterBuiltAt;
    private Action<BoxView>? _boxChanged;
    private Action<AlertView>? _alertChanged;

    public event Action<BoxView>? BoxChanged
    {
        add
        {
            lock (_gate)
            {
                if (_boxChanged is null)
                {
                    inner.BoxChanged += OnBoxChanged;
                }

                _boxChanged += value;
            }
        }

        remove
        {
            lock (_gate)
            {
                _boxChanged -= value;
                if (_boxChanged is null)
                {
                    inner.BoxChanged -= OnBoxChanged;
                }
            }
        }
    }

    public event Action<AlertView>? AlertChanged
    {
        add
        {
            lock (_gate)
            {
                if (_alertChanged is null)
                {
                    inner.AlertChanged += OnAlertChanged;
                }

                _alertChanged += value;
            }
        }

        remove
        {
            lock (_gate)
            {
                _alertChanged -= value;
                if (_alertChanged is null)
                {
                    inner.AlertChanged -= OnAlertChanged;
                }
            }
        }
    }

    /// <summary>
    /// Only says which order changed, never what it holds: the pages then read it through this
    /// feed's scoped queries, so an order out of scope stays invisible.
    /// </summary>
    public event Action<string>? DeliveryChanged
    {
        add => inner.DeliveryChanged += value;
        remove => inner.DeliveryChanged -= value;
    }

    public IReadOnlyList<BoxView> GetBoxes()
    {
        var filter = Filter();
        return [.. inner.GetBoxes().Where(box => filter.Box(box.BoxId))];
    }

    public IReadOnlyList<AlertView> GetAlerts(int limit = 200)
    {
        if (Scope().IsAdmin)
        {
            return inner.GetAlerts(limit);
        }

        var filter = Filter();
        return [.. inner.GetAlerts(Math.Max(limit, 2000)).Where(a => filter.Alert(a.BoxId, a.RaisedAt.ToUnixTimeMilliseconds())).Take(limit)];
    }

    /// <summary>Acknowledges in the signed-in user's name: the alert's acknowledgedBy and the audit entry are theirs.</summary>
    public Task<AlertActionResult> AcknowledgeAlertAsync(long alertId, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, cancellationToken, actor => inner.AcknowledgeAlertAsync(alertId, actor, note, cancellationToken));

    /// <summary>Resolves in the signed-in user's name: the alert's resolvedBy and the audit entry are theirs.</summary>
    public Task<AlertActionResult> ResolveAlertAsync(long alertId, string note, CancellationToken cancellationToken = default) =>
        ActAsync(alertId, cancellationToken, actor => inner.ResolveAlertAsync(alertId, actor, note, cancellationToken));

    public BoxView? GetBox(string boxId) => Filter().Box(boxId) ? inner.GetBox(boxId) : null;

    public Task<IReadOnlyList<DeliveryView>> GetDeliveriesAsync(int limit, CancellationToken cancellationToken = default) =>
        deliveryViews.RecentAsync(limit, Scope(), cancellationToken);

    public async Task<DeliveryDetailView?> GetDeliveryAsync(string orderId, CancellationToken cancellationToken = default) =>
        await deliveries.FindAsync(orderId, cancellationToken).ConfigureAwait(false) is { } delivery && Scope().SeesDelivery(delivery)
            ? await inner.GetDeliveryAsync(orderId, cancellationToken).ConfigureAwait(false)
            : null;

    public Task<BoxHistoryView> GetBoxHistoryAsync(string boxId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Filter().Box(boxId)
            ? inner.GetBoxHistoryAsync(boxId, from, to, cancellationToken)
            : Task.FromResult(new BoxHistoryView(boxId, from, to, [], [], []));

    public void Dispose()
    {
        inner.BoxChanged -= OnBoxChanged;
        inner.AlertChanged -= OnAlertChanged;
    }

    private async Task<AlertActionResult> ActAsync(long alertId, CancellationToken cancellationToken, Func<AuditActor, Task<AlertActionResult>> act)
    {
        var scope = Scope();
        if (!scope.CanWrite)
        {
            return AlertActionResult.Refused("Your role may read alerts, not act on them.");
        }

        if (await alerts.FindAsync(alertId, cancellationToken).ConfigureAwait(false) is not { } alert
            || !await guard.SeesAlertAsync(scope, alert, cancellationToken).ConfigureAwait(false))
        {
            return AlertActionResult.Refused($"There is no alert {alertId}.");
        }

        // A circuit has no request address of its own: its entries say they came from the dashboard.
        return await act(AuditActor.From(User(), DashboardAddress)).ConfigureAwait(false);
    }

    private void OnBoxChanged(BoxView view)
    {
        if (Filter().Box(view.BoxId))
        {
            _boxChanged?.Invoke(view);
        }
    }

    private void OnAlertChanged(AlertView view)
    {
        if (Filter().Alert(view.BoxId, view.RaisedAt.ToUnixTimeMilliseconds()))
        {
            _alertChanged?.Invoke(view);
        }
    }

    private AccessScope Scope() => _scope ??= AccessScope.Of(User());

    private ClaimsPrincipal User()
    {
        // The circuit's user is known when it starts; the task is complete by then.
        return _user ??= authentication.GetAuthenticationStateAsync().GetAwaiter().GetResult().User;
    }

    private BoxFilter Filter()
    {
        var now = time.GetUtcNow();
        if (_filter is { } filter && (Scope().IsAdmin || Scope().IsManager || now - _filterBuiltAt < FilterLifetime))
        {
            return filter;
        }

        filter = guard.BoxFilterAsync(Scope()).GetAwaiter().GetResult();
        _filterBuiltAt = now;
        return _filter = filter;
    }
}
