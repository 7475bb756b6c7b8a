using System.Threading.Channels;

namespace Fleet.Server.Alerts;

/// <summary>
/// Persists the alert changes <see cref="AlertService"/> decides in memory, in the order they were
/// decided, many in one transaction: a loop writes whatever has accumulated while the previous write
/// ran, so an alert reaches the dashboard without waiting for the SQLite write lock it shares with the
/// readings writer. <see cref="FlushAsync"/> returns once every change enqueued before it is written;
/// the store's readers and people's changes call it first, so they never see the database behind memory.
/// Disposed with the host, after the rule stage has stopped, it writes what is left.
/// </summary>
public sealed class AlertWriter(SqliteAlertStore store, ILogger<AlertWriter> logger) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private List<AlertChange> _pending = [];
    private Task? _loop;

    /// <summary>Queues a change for the next write; the caller keeps the order of its changes by enqueueing under its own lock.</summary>
    public void Enqueue(AlertChange change)
    {
        lock (_gate)
        {
            _pending.Add(change);
            _loop ??= Task.Run(WriteLoopAsync);
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Writes every change enqueued so far (or waits for the write that holds it); throws when that write fails.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<AlertChange> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                await store.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                AlertsLog.WriteFailed(logger, batch.Count, exception);
                throw;
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var _ in _wake.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Logged by FlushAsync; the loop goes on with the next changes.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _wake.Writer.TryComplete();
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
