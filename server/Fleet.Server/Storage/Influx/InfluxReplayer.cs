using System.Diagnostics.Metrics;
using System.Threading.Channels;

namespace Fleet.Server.Storage.Influx;

/// <summary>
/// Drains the spool's outbox into InfluxDB in commit order, up to BatchLines lines per gzip
/// request. While InfluxDB is down or slow the outbox grows (readings are still acknowledged and
/// the rules still run); when it answers again the backlog is written oldest first. A batch that
/// InfluxDB took but whose deletion did not happen (a crash in between) is written again, which is
/// harmless: a point with the same measurement, tags and time overwrites itself with the same values.
/// </summary>
internal sealed class InfluxReplayer : IDisposable
{
    public const string MeterName = "Fleet.Storage";

    private readonly InfluxSpool _spool;
    private readonly InfluxHttp _influx;
    private readonly InfluxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Meter _meter;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _shippedSeq;
    private long _backlog;
    private long _dropped;
    private long _spoolOnlyReads;
    private volatile bool _reachable = true;

    public InfluxReplayer(InfluxSpool spool, InfluxHttp influx, InfluxOptions options, TimeProvider time, IMeterFactory meters, ILogger logger)
    {
        _spool = spool;
        _influx = influx;
        _options = options;
        _time = time;
        _logger = logger;
        _backlog = spool.CountLines();
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge("fleet.influx.spool.backlog", () => Interlocked.Read(ref _backlog), "{record}", "Readings and events spooled locally, not yet written to InfluxDB");
        _meter.CreateObservableCounter("fleet.influx.dropped", () => Interlocked.Read(ref _dropped), "{record}", "Records InfluxDB refused for good (400)");
        _meter.CreateObservableCounter("fleet.influx.reads.spool_only", () => Interlocked.Read(ref _spoolOnlyReads), "{query}", "Queries answered from the spool alone while InfluxDB could not be read");
    }

    public long Backlog => Interlocked.Read(ref _backlog);

    public bool InfluxReachable => _reachable;

    /// <summary>Counts a query answered without InfluxDB.</summary>
    public void ReadFromSpoolAlone() => Interlocked.Increment(ref _spoolOnlyReads);

    public void Spooled(long lines)
    {
        Interlocked.Add(ref _backlog, lines);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Completes when the outbox row <paramref name="seq"/> is in InfluxDB, or returns false after <paramref name="wait"/>.</summary>
    public async Task<bool> WaitShippedAsync(long seq, TimeSpan wait)
    {
        var deadline = _time.GetUtcNow() + wait;
        while (Interlocked.Read(ref _shippedSeq) < seq)
        {
            var left = deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await Volatile.Read(ref _progress).Task.WaitAsync(left, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        return true;
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var (body, lines, lastSeq) = await Task.Run(() => _spool.ReadOldest(_options.BatchLines), CancellationToken.None).ConfigureAwait(false);
            if (lines == 0)
            {
                try
                {
                    await _wake.Reader.ReadAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            try
            {
                await _influx.WriteAsync(body, stopping).ConfigureAwait(false);
            }
            catch (InfluxWriteException exception) when (!exception.Retryable)
            {
                InfluxLog.Refused(_logger, lines, exception);
                Interlocked.Add(ref _dropped, lines);
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                if (_reachable)
                {
                    InfluxLog.Unreachable(_logger, Backlog, exception);
                }

                _reachable = false;
                await Task.Delay(TimeSpan.FromMilliseconds(_options.RetryMilliseconds), _time, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.Run(() => _spool.Delete(lastSeq), CancellationToken.None).ConfigureAwait(false);
            if (!_reachable)
            {
                InfluxLog.Reachable(_logger, Backlog - lines);
            }

            _reachable = true;
            Interlocked.Add(ref _backlog, -lines);
            Interlocked.Exchange(ref _shippedSeq, lastSeq);
            Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    public void Dispose() => _meter.Dispose();
}
