using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Deliveries;
using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>
/// Runs the watched rules every Rules:Watch:CheckSeconds and makes the alerts agree with what it
/// found: a condition that holds gets its alert (one per rule, box, channel and delivery); an open alert whose
/// condition is no longer found is resolved at the time it cleared; a condition found already over
/// is recorded once as a resolved alert marked late. Its state is the alerts themselves, so a
/// restart loses nothing. An alert resolved by hand while its condition still holds is raised again:
/// these are conditions a person must fix, not excursions that pass.
/// </summary>
public sealed class FleetWatch(
    DeliveryStore deliveries,
    BoxProfileStore profiles,
    DeliveryWatch deliveryWatch,
    BoxWatch boxWatch,
    StuckSensorTracker stuck,
    BoxRegistry registry,
    IReadingStore store,
    AlertService alerts,
    TimeProvider time,
    IOptions<WatchOptions> options,
    IOptions<IngestionOptions> ingestion,
    RuleRebuild rebuild,
    ILogger<FleetWatch> logger) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly long _lateAfterMs = ingestion.Value.LateAfterSeconds * 1000L;

    /// <summary>The stuck-sensor recount, run after start; a watch run waits for it.</summary>
    private Task _stuckRecounted = Task.CompletedTask;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await alerts.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await registry.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RecountStuckSensorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await rebuild.WaitUntilDueAsync(cancellationToken).ConfigureAwait(false);
            await stuck.RebuildAsync(registry, store, alerts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            RulesLog.WatchFailed(logger, exception);
        }
    }

    /// <summary>One run at server time <paramref name="now"/>; returns what it found.</summary>
    public async Task<WatchFindings> CheckAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Before the stuck sensors are recounted, a run would resolve their open alerts.
        await _stuckRecounted.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            var findings = new WatchFindings();
            var since = nowMs - (long)(options.Value.LookBackHours * 3_600_000);
            foreach (var delivery in await deliveries.UnderWayAsync(since, cancellationToken).ConfigureAwait(false))
            {
                await deliveryWatch.CheckAsync(delivery, nowMs, findings, cancellationToken).ConfigureAwait(false);
            }

            foreach (var boxId in await profiles.BoxIdsAsync(cancellationToken).ConfigureAwait(false))
            {
                await boxWatch.CheckAsync(boxId, nowMs, findings, cancellationToken).ConfigureAwait(false);
            }

            stuck.Collect(findings);
            await ReconcileAsync(findings, nowMs, cancellationToken).ConfigureAwait(false);
            return findings;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task ReconcileAsync(WatchFindings findings, long nowMs, CancellationToken cancellationToken)
    {
        await alerts.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var open = alerts.OpenAlerts();
        var holding = new HashSet<(string, string, string?, string?)>();
        foreach (var alert in findings.Holding)
        {
            if (!holding.Add((alert.Rule, alert.BoxId, alert.Channel, alert.OrderId)) || Find(open, alert) is not null)
            {
                continue;
            }

            var late = nowMs - alert.RaisedAtMs > _lateAfterMs + options.Value.CheckMs;
            await alerts.RaiseAsync(alert with { Late = late }, cancellationToken).ConfigureAwait(false);
            RulesLog.Raised(logger, alert.BoxId, alert.Channel ?? "-", alert.Message, late);
        }

        foreach (var alert in open)
        {
            var key = (alert.Rule, alert.BoxId, alert.Channel, alert.OrderId);
            var reconciled = Array.IndexOf(WatchCodes.Reconciled, alert.Rule) >= 0;
            if (holding.Contains(key) || (!reconciled && alert.Rule != WatchCodes.SensorStuck))
            {
                continue;
            }

            if (findings.Cleared.TryGetValue(key, out var cleared))
            {
                await alerts.ResolveAsync(alert.Id, Math.Max(cleared.AtMs, alert.RaisedAtMs), null, cleared.Message, cancellationToken).ConfigureAwait(false);
            }
            else if (reconciled)
            {
                await alerts.ResolveAsync(alert.Id, Math.Max(nowMs, alert.RaisedAtMs), null, "condition no longer found", cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var (alert, endedMs, message) in findings.Over)
        {
            if (!await KnownAsync(alert, cancellationToken).ConfigureAwait(false))
            {
                await alerts.RecordPastAsync(alert, endedMs, message, cancellationToken).ConfigureAwait(false);
                RulesLog.Raised(logger, alert.BoxId, alert.Channel ?? "-", alert.Message, true);
            }
        }
    }

    /// <summary>True when an alert of this rule, box, channel and delivery was raised at the same time already.</summary>
    private async Task<bool> KnownAsync(NewAlert alert, CancellationToken cancellationToken)
    {
        foreach (var known in await alerts.QueryAsync(null, alert.BoxId, 500, cancellationToken, alert.Rule).ConfigureAwait(false))
        {
            if (known.Channel == alert.Channel && known.OrderId == alert.OrderId && known.RaisedAtMs == alert.RaisedAtMs)
            {
                return true;
            }
        }

        return false;
    }

    private static Alert? Find(IReadOnlyList<Alert> open, NewAlert wanted)
    {
        foreach (var alert in open)
        {
            if (alert.Rule == wanted.Rule && alert.BoxId == wanted.BoxId && alert.Channel == wanted.Channel && alert.OrderId == wanted.OrderId)
            {
                return alert;
            }
        }

        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start path, so the broker ingests meanwhile (the tracker holds what it commits).
        _stuckRecounted = Task.Run(() => RecountStuckSensorsAsync(stoppingToken), CancellationToken.None);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.CheckMs), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckAsync(time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    RulesLog.WatchFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
