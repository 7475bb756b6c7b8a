using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>
/// Evaluates newly stored readings of chilled, frozen and hot compartments, one batch at a time on
/// one loop, so rule state needs no locks. A reading older than the latest one evaluated for its
/// compartment has the compartment's stored history around it run again (see
/// <see cref="CompartmentReplay"/>). On start it rebuilds its state from storage: open alerts, and
/// a replay of each compartment's recent readings, so a restart does not restart the grace time.
/// </summary>
public sealed class RuleEngine(
    RuleQueue queue,
    BoxRegistry registry,
    AlertService alerts,
    IReadingStore store,
    RuleMetrics metrics,
    CompartmentRules rules,
    BoxProfileStore profiles,
    RuleRebuild rebuild,
    ILogger<RuleEngine> logger) : BackgroundService
{
    private readonly CompartmentRules _rules = rules;
    private readonly Dictionary<(string BoxId, string Channel), CompartmentState> _states = [];
    private readonly Dictionary<(string BoxId, string Channel), long> _lateFrom = [];

    /// <summary>Per compartment, the device times the rebuild read and how many queued batches it could see then.</summary>
    private readonly Dictionary<(string BoxId, string Channel), RebuildCoverage> _rebuilt = [];

    /// <summary>Batches taken from the queue since start; the n-th taken is the n-th committed.</summary>
    private long _batchesTaken;

    /// <summary>The last batch (by <see cref="_batchesTaken"/>) the rebuild could have read; past it, <see cref="_rebuilt"/> is dropped.</summary>
    private long _rebuildSawBatches;

    /// <summary>Compartments whose recent history the start-up rebuild reads in parallel at a time.</summary>
    private const int RebuildChunk = 256;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await alerts.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await _rules.LoadAsync(profiles, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Off the start path: the host finishes starting and the broker listens before this runs.
            await rebuild.WaitUntilDueAsync(stoppingToken).ConfigureAwait(false);
            await RebuildAsync(stoppingToken).ConfigureAwait(false);
            rebuild.Finish();
            await foreach (var batch in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (++_batchesTaken > _rebuildSawBatches && _rebuilt.Count > 0)
                {
                    _rebuilt.Clear();
                    _rebuilt.TrimExcess();
                }

                try
                {
                    await EvaluateAsync(batch, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    RulesLog.EvaluationFailed(logger, batch.BoxId, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task EvaluateAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        var readings = InDeviceTimeOrder(batch.NewReadings);
        _lateFrom.Clear();
        // Lateness is judged on the box's own clock (CompartmentState.AgeOnArrivalMs): the whole batch is noted first, so its older readings are judged against its newest.
        foreach (var reading in readings)
        {
            if (_rules.For(reading.BoxId, reading.Channel, registry.KindOf(reading.BoxId, reading.Channel)) is not null)
            {
                StateOf((reading.BoxId, reading.Channel)).Heard(reading);
            }
        }

        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            if (_rules.For(reading.BoxId, reading.Channel, registry.KindOf(reading.BoxId, reading.Channel)) is not { } rule)
            {
                continue;
            }

            var key = (reading.BoxId, reading.Channel);
            if (ReadByRebuild(key, reading.DeviceTimeMs))
            {
                continue;
            }

            var state = StateOf(key);
            if (reading.DeviceTimeMs <= state.LastEvaluatedMs)
            {
                // Out of order: remembered, and the compartment's history re-run once the batch is through.
                metrics.CountOutOfOrder();
                if (!_lateFrom.TryGetValue(key, out var from) || reading.DeviceTimeMs < from)
                {
                    _lateFrom[key] = reading.DeviceTimeMs;
                }

                continue;
            }

            Apply(rule, state, reading, rule.Evaluate(state, reading));
        }

        foreach (var ((boxId, channel), from) in _lateFrom)
        {
            if (_rules.For(boxId, channel, registry.KindOf(boxId, channel)) is { } rule)
            {
                await ReEvaluateAsync(rule, boxId, channel, from, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Carries out a rule's decision. The alert is decided in memory and pushed at once, its row written
    /// by <see cref="AlertWriter"/> without this loop waiting (a restart's rebuild re-derives it).
    /// </summary>
    private void Apply(CompartmentRule rule, CompartmentState state, Reading reading, RuleDecision decision)
    {
        switch (decision.Action)
        {
            case RuleAction.Raise:
                var message = RuleMessages.Raise(rule, reading.Channel, decision.ExcursionStartMs, decision.PeakCelsius);
                var raised = alerts.Raise(
                    new NewAlert(rule.Code, Severities.Critical, reading.BoxId, reading.Channel, decision.AtMs, decision.Late, decision.PeakCelsius, message));
                state.OpenAlertId = raised.Id;
                RulesLog.Raised(logger, reading.BoxId, reading.Channel, message, decision.Late);
                break;
            case RuleAction.Resolve when state.OpenAlertId is { } id:
                var resolution = RuleMessages.Resolve(rule, reading.Channel, decision.ExcursionStartMs, decision.AtMs, decision.PeakCelsius);
                alerts.Resolve(id, decision.AtMs, decision.PeakCelsius, resolution);
                state.OpenAlertId = null;
                RulesLog.Resolved(logger, reading.BoxId, reading.Channel, resolution);
                break;
        }
    }

    /// <summary>
    /// Runs the compartment's stored readings from a window before <paramref name="lateFromMs"/> up to
    /// the latest evaluated one again, and reconciles what it finds with the stored alerts: an
    /// excursion that overlaps an alert is that alert; one that does not is a new alert, marked
    /// late, stored already resolved when it is over.
    /// </summary>
    private async Task ReEvaluateAsync(CompartmentRule rule, string boxId, string channel, long lateFromMs, CancellationToken cancellationToken)
    {
        var live = StateOf((boxId, channel));
        var from = lateFromMs - _rules.Options.ReEvaluateWindowMs;
        var known = new List<Alert>();
        foreach (var alert in await alerts.QueryAsync(null, boxId, 1000, cancellationToken, rule.Code).ConfigureAwait(false))
        {
            if (alert.Channel == channel && (alert.ResolvedAtMs ?? long.MaxValue) >= from)
            {
                known.Add(alert);
            }
        }

        var replay = new CompartmentState { LastEvaluatedMs = from - 1 };
        foreach (var alert in known)
        {
            if (alert.IsOpen && alert.RaisedAtMs < from)
            {
                replay.OpenAlertId = alert.Id;
                replay.ExcursionStartMs = alert.RaisedAtMs - rule.Options.GraceMs;
                replay.PeakCelsius = alert.PeakCelsius ?? rule.Limit;
            }
        }

        var readings = await store.QueryAsync(boxId, channel, from, live.LastEvaluatedMs, int.MaxValue, cancellationToken).ConfigureAwait(false);
        long? stillOpen = null;
        foreach (var excursion in CompartmentReplay.Run(rule, replay, boxId, channel, readings))
        {
            var alertId = excursion.AlertId ?? Overlapping(known, excursion)?.Id;
            if (alertId is { } id)
            {
                if (excursion.EndMs is { } end)
                {
                    // Null when it was resolved already (by its rule or by hand): nothing to change.
                    await alerts.ResolveAsync(id, end, excursion.PeakCelsius, RuleMessages.Resolve(rule, channel, excursion.StartMs, end, excursion.PeakCelsius), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    stillOpen = id;
                }

                continue;
            }

            var found = new NewAlert(rule.Code, Severities.Critical, boxId, channel, excursion.RaiseAtMs, true, excursion.PeakCelsius,
                RuleMessages.Raise(rule, channel, excursion.StartMs, excursion.PeakCelsius));
            if (excursion.EndMs is { } ended)
            {
                await alerts.RecordPastAsync(found, ended, RuleMessages.Resolve(rule, channel, excursion.StartMs, ended, excursion.PeakCelsius), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                stillOpen = (await alerts.RaiseAsync(found, cancellationToken).ConfigureAwait(false)).Id;
            }

            RulesLog.Raised(logger, boxId, channel, found.Message, true);
        }

        live.ExcursionStartMs = replay.ExcursionStartMs;
        live.PeakCelsius = replay.PeakCelsius;
        live.OpenAlertId = stillOpen;
        RulesLog.ReEvaluated(logger, boxId, channel, readings.Count);
    }

    private static Alert? Overlapping(List<Alert> known, Excursion excursion)
    {
        var end = excursion.EndMs ?? long.MaxValue;
        foreach (var alert in known)
        {
            if (alert.RaisedAtMs <= end && (alert.ResolvedAtMs ?? long.MaxValue) >= excursion.RaiseAtMs)
            {
                return alert;
            }
        }

        return null;
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var openAlerts = 0;
        foreach (var alert in alerts.OpenAlerts())
        {
            if (_rules.ForCode(alert.Rule) is not { } kindRule || alert.Channel is null)
            {
                continue;
            }

            var rule = _rules.For(alert.BoxId, alert.Channel, kindRule.Kind)!;

            var state = StateOf((alert.BoxId, alert.Channel));
            state.OpenAlertId = alert.Id;
            state.ExcursionStartMs = alert.RaisedAtMs - rule.Options.GraceMs;
            state.PeakCelsius = alert.PeakCelsius ?? rule.Limit;
            openAlerts++;
        }

        var compartments = new List<Compartment>();
        foreach (var kindRule in _rules.All)
        {
            foreach (var (boxId, channel) in registry.CompartmentsOfKind(kindRule.Kind))
            {
                compartments.Add(new Compartment(_rules.For(boxId, channel, kindRule.Kind)!, boxId, channel, LatestDeviceTime(boxId, channel)));
            }
        }

        // Reading each compartment's recent history (two queries) is most of the cost: a chunk of
        // compartments is read in parallel, then the rules run over it in order on this one thread,
        // as they do live, so rule state still needs no locks.
        rebuild.Listed(compartments.Count);
        var replayed = 0;
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        foreach (var chunk in compartments.Chunk(RebuildChunk))
        {
            // The queue is not consumed during the rebuild, so what it holds now was committed before
            // the reads below begin: those reads see it (RebuildCoverage).
            var queuedBefore = queue.Reader.Count;
            var histories = new (long FromMs, IReadOnlyList<StoredReading> Readings)[chunk.Length];
            await Parallel.ForAsync(0, chunk.Length, parallel, async (i, token) => histories[i] = await RecentHistoryAsync(chunk[i], token).ConfigureAwait(false)).ConfigureAwait(false);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (rule, boxId, channel, latestMs) = chunk[i];
                if (latestMs is { } through && queuedBefore > 0)
                {
                    _rebuilt[(boxId, channel)] = new RebuildCoverage(histories[i].FromMs, through, queuedBefore);
                    _rebuildSawBatches = Math.Max(_rebuildSawBatches, queuedBefore);
                }

                if (histories[i].Readings.Count == 0)
                {
                    continue;
                }

                var state = StateOf((boxId, channel));
                foreach (var stored in histories[i].Readings)
                {
                    var reading = new Reading(boxId, channel, stored.DeviceTimeMs, stored.Value, stored.ReceivedAtMs);
                    Apply(rule, state, reading, rule.Evaluate(state, reading));
                    replayed++;
                }
            }

            rebuild.Done(done += chunk.Length);
        }

        RulesLog.Rebuilt(logger, openAlerts, compartments.Count, replayed);
    }

    /// <summary>
    /// The compartment's readings the rebuild runs through its rule: the rule's window before the
    /// latest, less what an open or resolved alert shows was evaluated already, with the device time
    /// it starts from. Reads rule state without changing it, so chunks of compartments can be read in parallel.
    /// </summary>
    private async Task<(long FromMs, IReadOnlyList<StoredReading> Readings)> RecentHistoryAsync(Compartment compartment, CancellationToken cancellationToken)
    {
        var (rule, boxId, channel, latestMs) = compartment;
        if (latestMs is not { } latest)
        {
            return (long.MaxValue, []);
        }

        var from = latest - rule.Options.GraceMs - (long)(rule.Options.ReplayMarginMinutes * 60_000);
        if (_states.TryGetValue((boxId, channel), out var state) && state.OpenAlertId is not null)
        {
            // Readings up to the raise were evaluated when it was raised.
            from = Math.Max(from, state.ExcursionStartMs.GetValueOrDefault() + rule.Options.GraceMs + 1);
        }
        else if (await LastResolvedAtAsync(rule, boxId, channel, cancellationToken).ConfigureAwait(false) is { } resolvedAt)
        {
            // Readings up to a resolve were evaluated; replaying them would raise that alert again.
            from = Math.Max(from, resolvedAt + 1);
        }

        return (from, await store.QueryAsync(boxId, channel, from, latest, int.MaxValue, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Whether the rebuild already ran this reading of the batch being evaluated through its rule: it
    /// read the compartment from the store after the batch was committed, and the reading is in the
    /// device-time range it read. Such a reading is skipped rather than taken as out of order, which
    /// would re-run every compartment ingested during the rebuild. A reading committed after the
    /// rebuild's read is evaluated as usual (re-running the history if it is older than the latest).
    /// </summary>
    private bool ReadByRebuild((string BoxId, string Channel) key, long deviceTimeMs) =>
        _rebuilt.TryGetValue(key, out var coverage)
        && _batchesTaken <= coverage.QueuedBatches
        && deviceTimeMs >= coverage.FromMs
        && deviceTimeMs <= coverage.ThroughMs;

    private async Task<long?> LastResolvedAtAsync(CompartmentRule rule, string boxId, string channel, CancellationToken cancellationToken)
    {
        foreach (var alert in await alerts.QueryAsync(Alert.Resolved, boxId, 100, cancellationToken, rule.Code).ConfigureAwait(false))
        {
            if (alert.Channel == channel)
            {
                return alert.ResolvedAtMs;
            }
        }

        return null;
    }

    private long? LatestDeviceTime(string boxId, string channel)
    {
        if (registry.Find(boxId) is not { } box)
        {
            return null;
        }

        foreach (var snapshot in box.Channels)
        {
            if (snapshot.Channel == channel)
            {
                return snapshot.DeviceTimeMs;
            }
        }

        return null;
    }

    /// <summary>A compartment to rebuild, with the device time of its latest reading (null when it has none).</summary>
    private sealed record Compartment(CompartmentRule Rule, string BoxId, string Channel, long? LatestMs);

    /// <summary>What the rebuild read of a compartment: device times <paramref name="FromMs"/> to <paramref name="ThroughMs"/>, including the first <paramref name="QueuedBatches"/> queued batches.</summary>
    private readonly record struct RebuildCoverage(long FromMs, long ThroughMs, long QueuedBatches);

    private CompartmentState StateOf((string BoxId, string Channel) key)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            _states[key] = state = new CompartmentState();
        }

        return state;
    }

    private static IReadOnlyList<Reading> InDeviceTimeOrder(IReadOnlyList<Reading> readings)
    {
        for (var i = 1; i < readings.Count; i++)
        {
            if (readings[i].DeviceTimeMs < readings[i - 1].DeviceTimeMs)
            {
                var sorted = new Reading[readings.Count];
                for (var j = 0; j < sorted.Length; j++)
                {
                    sorted[j] = readings[j];
                }

                Array.Sort(sorted, static (a, b) => a.DeviceTimeMs.CompareTo(b.DeviceTimeMs));
                return sorted;
            }
        }

        return readings;
    }
}
