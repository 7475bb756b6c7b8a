namespace Fleet.Server.Storage;

/// <summary>
/// Receives every batch right after its transaction committed, in commit order, with only the new records.
/// The rule stage and the live layer subscribe this way, so neither runs on the acknowledgement path.
/// </summary>
public interface ICommittedBatchSink
{
    /// <summary>May wait (back-pressure) but must not throw for ordinary failures.</summary>
    ValueTask OnCommittedAsync(StoredBatch batch, CancellationToken cancellationToken);
}
