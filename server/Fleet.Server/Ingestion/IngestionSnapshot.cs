namespace Fleet.Server.Ingestion;

/// <summary>The body of GET /api/ingestion.</summary>
/// <param name="Rejected">Rejections since start, per reason code (every code listed, zero included).</param>
/// <param name="Recent">The latest rejections, newest first.</param>
/// <param name="ExternalUnacknowledged">External-broker mode: messages taken from the broker and not acknowledged yet.</param>
/// <param name="ExternalUnacknowledgedPeak">The most that were ever held at once since start (at most Mqtt:External:MaxUnacknowledged).</param>
public sealed record IngestionSnapshot(
    long Messages,
    long ReadingsStored,
    long EventsStored,
    long Duplicates,
    long StoreFailures,
    IReadOnlyDictionary<string, long> Rejected,
    IReadOnlyList<RejectionEntry> Recent,
    IReadOnlyDictionary<string, long>? DeviceRefusals = null,
    long ExternalUnacknowledged = 0,
    long ExternalUnacknowledgedPeak = 0);
