using System.Globalization;
using Fleet.Server.Alerts;
using Fleet.Server.Boxes;
using Fleet.Server.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Rules;

/// <summary>
/// Counts identical readings in a row per channel as batches commit (a lookup and a compare per
/// reading, no allocation), so a stuck sensor is found however fast readings arrive; the watch turns
/// what it found into alerts. Impossible values never get this far: ingestion rejects them with
/// "out-of-range". A reading older than the channel's latest is not counted: "in a row" is in device
/// time, and a replayed backlog arrives in order. After a restart the counts are rebuilt from the
/// stored readings, so a sensor stuck across a restart is still found; an alert already open stays
/// open until the sensor reports a different value. The rebuild runs while the server ingests:
/// batches committed meanwhile are held and counted after it, and those of their readings it read
/// from the store are then not newer than the channel's latest, so they are not counted twice.
/// </summary>
public sealed class StuckSensorTracker(IOptions<WatchOptions> options) : ICommittedBatchSink
{
    private const int DefaultIntervalSeconds = 60;

    /// <summary>Sampling intervals of history read first when rebuilding a channel's run.</summary>
    private const long ShortLookBackIntervals = 8;

    private readonly int _stuckReadings = options.Value.StuckReadings;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string BoxId, string Channel), Run> _runs = [];
    private readonly List<(string BoxId, string Channel, long AtMs, double Value)> _unstuck = [];

    /// <summary>Batches committed before the rebuild is done, counted after it; null once it is.</summary>
    private List<StoredBatch>? _held = [];

    public ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_held is not null)
            {
                _held.Add(batch);
                return ValueTask.CompletedTask;
            }

            Count(batch);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Counts a batch's readings into the runs; the caller holds <see cref="_gate"/>.</summary>
    private void Count(StoredBatch batch)
    {
        foreach (var reading in batch.NewReadings)
        {
            var key = (reading.BoxId, reading.Channel);
            if (!_runs.TryGetValue(key, out var run))
            {
                _runs[key] = new Run(reading.DeviceTimeMs, reading.Value);
                continue;
            }

            if (reading.DeviceTimeMs <= run.LastMs)
            {
                continue;
            }

            run.LastMs = reading.DeviceTimeMs;
            if (reading.Value == run.Value)
            {
                if (++run.Count == _stuckReadings)
                {
                    run.StuckAtMs = reading.DeviceTimeMs;
                }

                continue;
            }

            if (run.Count >= _stuckReadings)
            {
                _unstuck.Add((reading.BoxId, reading.Channel, reading.DeviceTimeMs, reading.Value));
            }

            (run.Value, run.Count, run.StuckAtMs) = (reading.Value, 1, null);
        }
    }

    /// <summary>
    /// Recounts, at start, each channel's run of identical readings at the end of its stored history,
    /// looking back over enough sampling intervals to see a whole run, then takes back the sensors
    /// whose stuck alert is still open (see <see cref="Seed"/>), then counts the batches committed
    /// meanwhile. Boxes are read in parallel (the store takes concurrent readers). Counting resumes
    /// even when the rebuild fails or is cancelled.
    /// </summary>
    public async Task RebuildAsync(BoxRegistry registry, IReadingStore store, AlertService alerts, CancellationToken cancellationToken)
    {
        try
        {
            await RecountAsync(registry, store, cancellationToken).ConfigureAwait(false);
            foreach (var alert in alerts.OpenAlerts())
            {
                if (alert.Rule == WatchCodes.SensorStuck && alert.Channel is { } channel && alert.PeakCelsius is { } value)
                {
                    Seed(alert.BoxId, channel, alert.RaisedAtMs, value);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                foreach (var batch in _held ?? [])
                {
                    Count(batch);
                }

                _held = null;
            }
        }
    }

    private Task RecountAsync(BoxRegistry registry, IReadingStore store, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            registry.Snapshot(),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (box, token) =>
            {
                var intervalMs = (box.IntervalSeconds ?? DefaultIntervalSeconds) * 1000L;
                foreach (var channel in box.Channels)
                {
                    if (channel.DeviceTimeMs is { } latest && await TailRunAsync(store, box.BoxId, channel.Channel, latest, intervalMs, token).ConfigureAwait(false) is { } run)
                    {
                        lock (_gate)
                        {
                            _runs.TryAdd((box.BoxId, channel.Channel), run);
                        }
                    }
                }
            });

    /// <summary>
    /// The run that ends the channel's history. Most sensors changed value within their last few
    /// readings, so a short look back finds where the run began; only a run that fills it needs the
    /// whole look back (twice the stuck count of intervals).
    /// </summary>
    private async Task<Run?> TailRunAsync(IReadingStore store, string boxId, string channel, long latestMs, long intervalMs, CancellationToken cancellationToken)
    {
        var wholeLookBack = 2L * _stuckReadings;
        foreach (var intervals in (long[])[Math.Min(ShortLookBackIntervals, wholeLookBack), wholeLookBack])
        {
            var history = await store.QueryAsync(boxId, channel, latestMs - intervals * intervalMs, latestMs, int.MaxValue, cancellationToken).ConfigureAwait(false);
            var run = TailRun(history);
            if ((run is not null && run.Count < history.Count) || intervals == wholeLookBack)
            {
                return run;
            }
        }

        return null;
    }

    /// <summary>The run of identical values that ends the history (oldest first).</summary>
    private Run? TailRun(IReadOnlyList<StoredReading> history)
    {
        if (history.Count == 0)
        {
            return null;
        }

        var last = history[^1];
        var run = new Run(last.DeviceTimeMs, last.Value);
        for (var i = history.Count - 2; i >= 0 && history[i].Value == last.Value; i--)
        {
            run.Count++;
        }

        if (run.Count >= _stuckReadings)
        {
            // The run became a stuck sensor at its threshold-th reading.
            run.StuckAtMs = history[history.Count - run.Count + _stuckReadings - 1].DeviceTimeMs;
        }

        return run;
    }

    /// <summary>
    /// Takes back, after a restart, a sensor whose stuck alert is still open, at the value it was stuck
    /// at: the same value keeps it stuck, another resolves it. A channel the recount found is left alone.
    /// </summary>
    private void Seed(string boxId, string channel, long stuckAtMs, double value)
    {
        lock (_gate)
        {
            _runs.TryAdd((boxId, channel), new Run(stuckAtMs, value) { Count = _stuckReadings, StuckAtMs = stuckAtMs });
        }
    }

    /// <summary>Adds the stuck sensors (holding) and those that moved again since the last call (cleared).</summary>
    public void Collect(WatchFindings findings)
    {
        lock (_gate)
        {
            foreach (var (boxId, channel, atMs, value) in _unstuck)
            {
                findings.Clear(WatchCodes.SensorStuck, boxId, channel, atMs, string.Create(CultureInfo.InvariantCulture, $"sensor {channel} reads {value} °C: moving again"));
            }

            _unstuck.Clear();
            foreach (var ((boxId, channel), run) in _runs)
            {
                if (run.StuckAtMs is { } at)
                {
                    findings.Holding.Add(new NewAlert(WatchCodes.SensorStuck, Severities.Warning, boxId, channel, at, false, run.Value,
                        string.Create(CultureInfo.InvariantCulture, $"sensor {channel} of box {boxId} has read {run.Value} °C {_stuckReadings} times in a row: stuck? (R8)")));
                }
            }
        }
    }

    private sealed class Run(long lastMs, double value)
    {
        public long LastMs { get; set; } = lastMs;

        public double Value { get; set; } = value;

        public int Count { get; set; } = 1;

        public long? StuckAtMs { get; set; }
    }
}
