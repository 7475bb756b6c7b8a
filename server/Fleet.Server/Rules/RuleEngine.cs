using System.Globalization;
using Fleet.Firmware.Protocol;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>
/// Evaluates newly stored readings of chilled compartments, one batch at a time on one loop, so
/// rule state needs no locks. On start it rebuilds that state from storage: open alerts, and a
/// replay of each chilled compartment's recent readings, so a restart does not restart the
/// grace time from zero.
/// </summary>
public sealed class RuleEngine(
    RuleQueue queue,
    BoxRegistry registry,
    AlertService alerts,
    IReadingStore store,
    RuleMetrics metrics,
    IOptions<ChilledRuleOptions> ruleOptions,
    IOptions<IngestionOptions> ingestionOptions,
    ILogger<RuleEngine> logger) : BackgroundService
{
    private readonly ChilledCompartmentRule _rule = new(ruleOptions.Value, ingestionOptions.Value.LateAfterSeconds * 1000L);
    private readonly Dictionary<(string BoxId, string Channel), CompartmentState> _states = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await alerts.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await RebuildAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
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
        for (var i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            if (registry.KindOf(reading.BoxId, reading.Channel) != CompartmentKinds.Chilled)
            {
                continue;
            }

            // A reading older than the last one evaluated for its compartment is stored but not
            // evaluated here; re-evaluating late history in place is the rules issue's work.
            await EvaluateAsync(StateOf(reading.BoxId, reading.Channel), reading, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EvaluateAsync(CompartmentState state, Reading reading, CancellationToken cancellationToken)
    {
        var decision = _rule.Evaluate(state, reading);
        switch (decision.Action)
        {
            case RuleAction.OutOfOrder:
                metrics.CountOutOfOrder();
                break;
            case RuleAction.Raise:
                var message = RaiseMessage(reading.Channel, decision);
                var raised = await alerts.RaiseAsync(
                    new NewAlert(ChilledCompartmentRule.Code, Severities.Critical, reading.BoxId, reading.Channel, decision.AtMs, decision.Late, decision.PeakCelsius, message),
                    cancellationToken).ConfigureAwait(false);
                state.OpenAlertId = raised.Id;
                RulesLog.Raised(logger, reading.BoxId, reading.Channel, message, decision.Late);
                break;
            case RuleAction.Resolve when state.OpenAlertId is { } id:
                var resolution = ResolveMessage(reading.Channel, decision);
                await alerts.ResolveAsync(id, decision.AtMs, decision.PeakCelsius, resolution, cancellationToken).ConfigureAwait(false);
                state.OpenAlertId = null;
                RulesLog.Resolved(logger, reading.BoxId, reading.Channel, resolution);
                break;
        }
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var options = _rule.Options;
        var openAlerts = 0;
        foreach (var alert in alerts.OpenAlerts())
        {
            if (alert.Rule != ChilledCompartmentRule.Code || alert.Channel is null)
            {
                continue;
            }

            var state = StateOf(alert.BoxId, alert.Channel);
            state.OpenAlertId = alert.Id;
            state.ExcursionStartMs = alert.RaisedAtMs - options.GraceMs;
            state.PeakCelsius = alert.PeakCelsius ?? options.MaxCelsius;
            openAlerts++;
        }

        var window = options.GraceMs + (long)(options.ReplayMarginMinutes * 60_000);
        var compartments = registry.CompartmentsOfKind(CompartmentKinds.Chilled);
        var replayed = 0;
        foreach (var (boxId, channel) in compartments)
        {
            if (LatestDeviceTime(boxId, channel) is not { } latest)
            {
                continue;
            }

            var state = StateOf(boxId, channel);
            var from = latest - window;
            if (state.OpenAlertId is not null)
            {
                // Readings up to the raise were evaluated when it was raised.
                from = Math.Max(from, state.ExcursionStartMs.GetValueOrDefault() + options.GraceMs + 1);
            }
            else if (await LastResolvedAtAsync(boxId, channel, cancellationToken).ConfigureAwait(false) is { } resolvedAt)
            {
                // Readings up to a resolve were evaluated; replaying them would raise that alert again.
                from = Math.Max(from, resolvedAt + 1);
            }

            foreach (var stored in await store.QueryAsync(boxId, channel, from, latest, int.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                await EvaluateAsync(state, new Reading(boxId, channel, stored.DeviceTimeMs, stored.Value, stored.ReceivedAtMs), cancellationToken).ConfigureAwait(false);
                replayed++;
            }
        }

        RulesLog.Rebuilt(logger, openAlerts, compartments.Count, replayed);
    }

    private async Task<long?> LastResolvedAtAsync(string boxId, string channel, CancellationToken cancellationToken)
    {
        foreach (var alert in await alerts.QueryAsync(Alert.Resolved, boxId, 100, cancellationToken).ConfigureAwait(false))
        {
            if (alert.Rule == ChilledCompartmentRule.Code && alert.Channel == channel)
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

    private CompartmentState StateOf(string boxId, string channel)
    {
        if (!_states.TryGetValue((boxId, channel), out var state))
        {
            _states[(boxId, channel)] = state = new CompartmentState();
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

    private string RaiseMessage(string channel, RuleDecision decision) => string.Create(
        CultureInfo.InvariantCulture,
        $"{channel} above {_rule.Options.MaxCelsius} °C for more than {_rule.Options.GraceMinutes} min since {DateTimeOffset.FromUnixTimeMilliseconds(decision.ExcursionStartMs):u}; peak {decision.PeakCelsius:0.0} °C");

    private string ResolveMessage(string channel, RuleDecision decision) => string.Create(
        CultureInfo.InvariantCulture,
        $"{channel} was above {_rule.Options.MaxCelsius} °C from {DateTimeOffset.FromUnixTimeMilliseconds(decision.ExcursionStartMs):u} to {DateTimeOffset.FromUnixTimeMilliseconds(decision.AtMs):u} ({(decision.AtMs - decision.ExcursionStartMs) / 60_000.0:0.#} min); peak {decision.PeakCelsius:0.0} °C");
}
