namespace Fleet.Server.Storage;

/// <summary>
/// Hands each committed batch that holds new records to every sink (the rule stage, the live
/// layer), in commit order. A failing sink is logged and never stops the writer.
/// </summary>
internal sealed class CommittedHandOver(IEnumerable<ICommittedBatchSink> sinks, ILogger logger)
{
    private readonly ICommittedBatchSink[] _sinks = [.. sinks];

    public async Task HandOverAsync(StoredBatch[] results, CancellationToken stopping)
    {
        foreach (var batch in results)
        {
            if (batch.NewReadings.Count == 0 && batch.NewEvents.Count == 0)
            {
                continue;
            }

            foreach (var sink in _sinks)
            {
                try
                {
                    await sink.OnCommittedAsync(batch, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    StorageLog.SinkFailed(logger, exception);
                }
            }
        }
    }
}
