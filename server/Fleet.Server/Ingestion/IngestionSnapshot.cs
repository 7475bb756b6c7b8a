namespace Fleet.Server.Ingestion;

/// <summary>The body of GET /api/ingestion.</summary>
/// <param name="Rejected">Rejections since start, per reason code (every code listed, zero included).</param>
/// <param name="Recent">The latest rejections, newest first.</param>
public sealed record IngestionSnapshot(
    long Messages,
    long ReadingsStored,
    long EventsStored,
    long Duplicates,
    long StoreFailures,
    IReadOnlyDictionary<string, long> Rejected,
    IReadOnlyList<RejectionEntry> Recent,
    IReadOnlyDictionary<string, long>? DeviceRefusals = null);
