namespace Fleet.Server.Storage;

/// <summary>What one write request added to the store: only the records that were not there already.</summary>
public sealed class StoredBatch(string boxId, IReadOnlyList<Reading> newReadings, IReadOnlyList<BoxEvent> newEvents, int duplicates)
{
    public static readonly IReadOnlyList<Reading> NoReadings = [];
    public static readonly IReadOnlyList<BoxEvent> NoEvents = [];

    public string BoxId { get; } = boxId;
    public IReadOnlyList<Reading> NewReadings { get; } = newReadings;
    public IReadOnlyList<BoxEvent> NewEvents { get; } = newEvents;

    /// <summary>Records that were already stored (a QoS 1 redelivery or a replayed backlog).</summary>
    public int Duplicates { get; } = duplicates;
}
