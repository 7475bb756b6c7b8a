namespace Fleet.Server.Storage;

/// <summary>One caller's records waiting for the next group commit, and the promise it awaits.</summary>
internal sealed class WriteRequest(string boxId, IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events)
{
    public string BoxId { get; } = boxId;
    public IReadOnlyList<Reading> Readings { get; } = readings;
    public IReadOnlyList<BoxEvent> Events { get; } = events;
    public int Size => Readings.Count + Events.Count;

    public TaskCompletionSource<StoredBatch> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
