namespace Fleet.Server.Alerts;

/// <summary>
/// Raises and resolves alerts and keeps the open ones and the latest resolved ones in memory for the
/// live view. Every change is announced through <see cref="Changed"/>.
/// <para>
/// The rules decide in memory: <see cref="Raise"/> and <see cref="Resolve"/> give the alert its id
/// here, announce it at once and leave the row to <see cref="AlertWriter"/>, so the dashboard never
/// waits for the SQLite write lock the alert shares with the readings. That is safe for the
/// compartment rules only: their alerts are derived from fully synced readings, and a restart's rule
/// rebuild raises (or resolves) again what was lost with the process. Everything else — the watch's
/// delivery alerts, late history, escalation and what people do — goes through the awaited methods,
/// which return (and announce) only once the change is in the database. Reads of the database flush
/// the writer first, so they never lag behind memory.
/// </para>
/// </summary>
public sealed class AlertService(SqliteAlertStore store, AlertWriter writer, TimeProvider time)
{
    private const int RecentResolvedKept = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Alert> _open = [];
    private readonly Dictionary<(string Rule, string BoxId, string? Channel, string? OrderId), long> _openByKey = [];
    private readonly List<Alert> _recentResolved = [];
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;
    private long _lastId;

    /// <summary>Raised after an alert is raised, acknowledged, escalated or resolved. Handlers must be quick.</summary>
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
            var lastId = await store.LastIdAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var alert in open)
                {
                    _open[alert.Id] = alert;
                    _openByKey[KeyOf(alert)] = alert.Id;
                }

                // Oldest first, as Remember appends the newest at the end.
                for (var i = resolved.Count - 1; i >= 0; i--)
                {
                    _recentResolved.Add(resolved[i]);
                }

                _lastId = lastId;
            }

            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>
    /// Raises an alert in memory and announces it; the row is written shortly after (see the class
    /// remarks for who may use this). When one is already unresolved for the rule, box, channel and
    /// delivery, that one is returned unchanged and nothing is announced.
    /// </summary>
    public Alert Raise(NewAlert alert)
    {
        var (raised, created) = Open(alert);
        if (created)
        {
            Changed?.Invoke(raised);
        }

        return raised;
    }

    /// <summary>
    /// Resolves an unresolved alert in memory because its condition cleared at a device time, and
    /// announces it; the row is written shortly after. Null when it is unknown or resolved already.
    /// </summary>
    public Alert? Resolve(long id, long resolvedAtMs, double? peakCelsius, string message)
    {
        var resolved = Close(id, resolvedAtMs, peakCelsius, message);
        if (resolved is not null)
        {
            Changed?.Invoke(resolved);
        }

        return resolved;
    }

    /// <summary>Raises an alert, durably; when one is already unresolved for the rule, box, channel and delivery, that one is returned unchanged.</summary>
    public async Task<Alert> RaiseAsync(NewAlert alert, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var (raised, created) = Open(alert);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (created)
        {
            Changed?.Invoke(raised);
        }

        return raised;
    }

    /// <summary>Resolves an unresolved alert, durably, because its condition cleared at a device time; null when it is unknown or resolved already.</summary>
    public async Task<Alert?> ResolveAsync(long id, long resolvedAtMs, double? peakCelsius, string message, CancellationToken cancellationToken)
    {
        var resolved = Close(id, resolvedAtMs, peakCelsius, message);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (resolved is not null)
        {
            Changed?.Invoke(resolved);
        }

        return resolved;
    }

    /// <summary>Records an alert for an excursion found in late history that is already over, durably.</summary>
    public async Task<Alert> RecordPastAsync(NewAlert alert, long resolvedAtMs, string message, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        Alert recorded;
        lock (_gate)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            recorded = Create(alert, Alert.Resolved, resolvedAtMs, message, now);
            Remember(recorded);
            writer.Enqueue(new AlertChange(recorded, true, now));
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        Changed?.Invoke(recorded);
        return recorded;
    }

    /// <summary>Acknowledges an open alert, durably; null when it is unknown, already acknowledged or resolved.</summary>
    public async Task<Alert?> AcknowledgeAsync(long id, string by, string note, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return Apply(await store.AcknowledgeAsync(id, by, note, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Resolves an unresolved alert by hand, durably; null when it is unknown or already resolved.</summary>
    public async Task<Alert?> ResolveByHandAsync(long id, string by, string note, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return Apply(await store.ResolveByHandAsync(id, by, note, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Escalates every critical alert left unacknowledged since before <paramref name="storedBeforeMs"/> (server time).</summary>
    public async Task<int> EscalateAsync(long storedBeforeMs, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var escalated = await store.EscalateAsync(storedBeforeMs, cancellationToken).ConfigureAwait(false);
        foreach (var alert in escalated)
        {
            Apply(alert);
        }

        return escalated.Count;
    }

    public async Task<Alert?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens an alert in memory and queues its row, unless one is unresolved for the same rule, box, channel and delivery.</summary>
    private (Alert Alert, bool Created) Open(NewAlert alert)
    {
        lock (_gate)
        {
            if (!_loaded)
            {
                throw new InvalidOperationException("Alerts are raised only after the open ones were loaded (EnsureLoadedAsync).");
            }

            if (_openByKey.TryGetValue((alert.Rule, alert.BoxId, alert.Channel, alert.OrderId), out var existing))
            {
                return (_open[existing], false);
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var raised = Create(alert, Alert.Open, null, alert.Message, now);
            _open[raised.Id] = raised;
            _openByKey[KeyOf(raised)] = raised.Id;
            // Queued under the gate, so the writer gets changes in the order they were decided.
            writer.Enqueue(new AlertChange(raised, true, now));
            return (raised, true);
        }
    }

    /// <summary>Resolves an alert in memory and queues its update; null when it is not unresolved.</summary>
    private Alert? Close(long id, long resolvedAtMs, double? peakCelsius, string message)
    {
        lock (_gate)
        {
            if (!_open.Remove(id, out var current))
            {
                return null;
            }

            _openByKey.Remove(KeyOf(current));
            var resolved = current with { State = Alert.Resolved, ResolvedAtMs = resolvedAtMs, PeakCelsius = peakCelsius ?? current.PeakCelsius, Message = message };
            Remember(resolved);
            writer.Enqueue(new AlertChange(resolved, false, time.GetUtcNow().ToUnixTimeMilliseconds()));
            return resolved;
        }
    }

    private Alert Create(NewAlert alert, string state, long? resolvedAtMs, string message, long nowMs) => new(
        ++_lastId, alert.Rule, alert.Severity, alert.BoxId, alert.Channel, state, alert.RaisedAtMs, resolvedAtMs, alert.Late, alert.PeakCelsius,
        message, nowMs, null, null, null, null, null, null, alert.OrderId);

    /// <summary>Takes an alert changed in the database (by a person or the escalation) into the live state and announces it.</summary>
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
                if (!_open.ContainsKey(changed.Id))
                {
                    // Its rule resolved it in memory meanwhile; that resolve is written after this change.
                    return changed;
                }

                _open[changed.Id] = changed;
            }
            else
            {
                if (_open.Remove(changed.Id))
                {
                    _openByKey.Remove(KeyOf(changed));
                }

                Remember(changed);
            }
        }

        Changed?.Invoke(changed);
        return changed;
    }

    /// <summary>Keeps a resolved alert among the latest ones, replacing an earlier entry of the same alert.</summary>
    private void Remember(Alert resolved)
    {
        _recentResolved.RemoveAll(kept => kept.Id == resolved.Id);
        _recentResolved.Add(resolved);
        if (_recentResolved.Count > RecentResolvedKept)
        {
            _recentResolved.RemoveAt(0);
        }
    }

    private static (string Rule, string BoxId, string? Channel, string? OrderId) KeyOf(Alert alert) => (alert.Rule, alert.BoxId, alert.Channel, alert.OrderId);

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

    public async Task<IReadOnlyList<Alert>> QueryAsync(string? state, string? boxId, int limit, CancellationToken cancellationToken, string? rule = null)
    {
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await store.QueryAsync(state, boxId, limit, cancellationToken, rule).ConfigureAwait(false);
    }
}
