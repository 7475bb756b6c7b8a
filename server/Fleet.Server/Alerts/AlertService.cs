namespace Fleet.Server.Alerts;

/// <summary>
/// Raises and resolves alerts, durably, and keeps the open ones and the latest resolved ones in
/// memory for the live view. Every change is announced through <see cref="Changed"/>.
/// </summary>
public sealed class AlertService(SqliteAlertStore store)
{
    private const int RecentResolvedKept = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Alert> _open = [];
    private readonly List<Alert> _recentResolved = [];
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;

    /// <summary>Raised after an alert is stored as raised, acknowledged, escalated or resolved. Handlers must be quick.</summary>
    public event Action<Alert>? Changed;

    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return;
            }

            var open = await store.QueryAsync(SqliteAlertStore.Unresolved, null, int.MaxValue, cancellationToken).ConfigureAwait(false);
            var resolved = await store.QueryAsync(Alert.Resolved, null, RecentResolvedKept, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var alert in open)
                {
                    _open[alert.Id] = alert;
                }

                // Oldest first, as Remember appends the newest at the end.
                for (var i = resolved.Count - 1; i >= 0; i--)
                {
                    _recentResolved.Add(resolved[i]);
                }
            }

            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>Raises an alert; when one is already open for the rule, box and channel, that one is returned unchanged.</summary>
    public async Task<Alert> RaiseAsync(NewAlert alert, CancellationToken cancellationToken)
    {
        var (stored, created) = await store.InsertOpenAsync(alert, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _open[stored.Id] = stored;
        }

        if (created)
        {
            Changed?.Invoke(stored);
        }

        return stored;
    }

    /// <summary>Resolves an unresolved alert because its condition cleared at a device time.</summary>
    public async Task<Alert?> ResolveAsync(long id, long resolvedAtMs, double? peakCelsius, string message, CancellationToken cancellationToken) =>
        Apply(await store.ResolveAsync(id, resolvedAtMs, peakCelsius, message, cancellationToken).ConfigureAwait(false));

    /// <summary>Records an alert for an excursion found in late history that is already over.</summary>
    public async Task<Alert> RecordPastAsync(NewAlert alert, long resolvedAtMs, string message, CancellationToken cancellationToken) =>
        Apply(await store.InsertResolvedAsync(alert, resolvedAtMs, message, cancellationToken).ConfigureAwait(false))!;

    /// <summary>Acknowledges an open alert; null when it is unknown, already acknowledged or resolved.</summary>
    public async Task<Alert?> AcknowledgeAsync(long id, string by, string note, CancellationToken cancellationToken) =>
        Apply(await store.AcknowledgeAsync(id, by, note, cancellationToken).ConfigureAwait(false));

    /// <summary>Resolves an unresolved alert by hand; null when it is unknown or already resolved.</summary>
    public async Task<Alert?> ResolveByHandAsync(long id, string by, string note, CancellationToken cancellationToken) =>
        Apply(await store.ResolveByHandAsync(id, by, note, cancellationToken).ConfigureAwait(false));

    /// <summary>Escalates every critical alert left unacknowledged since before <paramref name="storedBeforeMs"/> (server time).</summary>
    public async Task<int> EscalateAsync(long storedBeforeMs, CancellationToken cancellationToken)
    {
        var escalated = await store.EscalateAsync(storedBeforeMs, cancellationToken).ConfigureAwait(false);
        foreach (var alert in escalated)
        {
            Apply(alert);
        }

        return escalated.Count;
    }

    public Task<Alert?> FindAsync(long id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    /// <summary>Takes a changed alert into the live state and announces it.</summary>
    private Alert? Apply(Alert? changed)
    {
        if (changed is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (changed.IsOpen)
            {
                _open[changed.Id] = changed;
            }
            else
            {
                _open.Remove(changed.Id);
                _recentResolved.Add(changed);
                if (_recentResolved.Count > RecentResolvedKept)
                {
                    _recentResolved.RemoveAt(0);
                }
            }
        }

        Changed?.Invoke(changed);
        return changed;
    }

    public IReadOnlyList<Alert> OpenAlerts()
    {
        lock (_gate)
        {
            return [.. _open.Values];
        }
    }

    public int CountOpen(string boxId)
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var alert in _open.Values)
            {
                if (alert.BoxId == boxId)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Open alerts (newest first), then the latest resolved ones, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Alert> Recent(int limit)
    {
        lock (_gate)
        {
            var result = new List<Alert>(Math.Min(limit, _open.Count + _recentResolved.Count));
            var open = new List<Alert>(_open.Values);
            open.Sort(static (a, b) => b.Id.CompareTo(a.Id));
            for (var i = 0; i < open.Count && result.Count < limit; i++)
            {
                result.Add(open[i]);
            }

            for (var i = _recentResolved.Count - 1; i >= 0 && result.Count < limit; i--)
            {
                result.Add(_recentResolved[i]);
            }

            return result;
        }
    }

    public Task<IReadOnlyList<Alert>> QueryAsync(string? state, string? boxId, int limit, CancellationToken cancellationToken, string? rule = null) =>
        store.QueryAsync(state, boxId, limit, cancellationToken, rule);
}
