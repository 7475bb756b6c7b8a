namespace Fleet.Server.Ingestion;

/// <summary>A decoded status document (docs/protocol.md, "Status").</summary>
/// <param name="Compartments">Declared compartments and kinds; null when the document does not declare them (the last will).</param>
public sealed record BoxStatus(
    bool Online,
    string? Firmware,
    long? DeviceTimeMs,
    int? IntervalSeconds,
    long? Queued,
    long? Dropped,
    IReadOnlyList<CompartmentKind>? Compartments);

/// <summary>A compartment channel and the kind the box declares for it.</summary>
public sealed record CompartmentKind(string Channel, string Kind);
