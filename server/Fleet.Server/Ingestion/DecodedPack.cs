using Fleet.Server.Storage;

namespace Fleet.Server.Ingestion;

/// <summary>What a SenML pack decoded to: the accepted readings and events, and each rejected record with its reason.</summary>
public sealed class DecodedPack
{
    public List<Reading> Readings { get; } = [];

    public List<BoxEvent> Events { get; } = [];

    public List<RecordRejection> Rejections { get; } = [];

    /// <summary>Records in the pack, accepted or not.</summary>
    public int RecordCount { get; internal set; }

    /// <summary>Drops everything decoded so far and rejects the payload as a whole.</summary>
    internal void RejectWhole(string reason, string detail)
    {
        Readings.Clear();
        Events.Clear();
        Rejections.Clear();
        Rejections.Add(new RecordRejection(-1, reason, detail));
    }
}
