namespace Fleet.Server.Boxes;

/// <summary>A row of the boxes table with its declared compartments.</summary>
public sealed record BoxRecord(
    string BoxId,
    long RegisteredAtMs,
    long? LastSeenMs,
    bool Online,
    string? Firmware,
    int? IntervalSeconds,
    long? Queued,
    long? Dropped,
    IReadOnlyDictionary<string, string> Kinds,
    string? Platform = null);
