namespace Fleet.Benchmarks.Load;

/// <summary>What one measured run of the real server produced.</summary>
/// <param name="ReadingsStoredInWindow">Readings the server counted as committed during the fixed window (its /api/ingestion).</param>
/// <param name="LoadReadingsInStore">The load boxes' readings counted in the store after the server stopped.</param>
/// <param name="BrokerQueueDrain">External broker only: from the publishers' last PUBACK until the server's stored count settled (2 s of it included).</param>
public sealed record FleetResult(
    TimeSpan Window,
    long ReadingsStoredInWindow,
    long AcknowledgedMessages,
    long AcknowledgedReadings,
    long FailedPublishes,
    long LoadReadingsInStore,
    Percentiles AlertLatencyMs,
    int AlertsMissed,
    TimeSpan ServerCpu,
    TimeSpan LoadGeneratorCpu,
    long RssBeforeLoad,
    long RssUnderLoad,
    long PeakRss,
    TimeSpan TimeToReady,
    TimeSpan? BrokerQueueDrain = null)
{
    /// <summary>Acknowledged (PUBACKed) readings the store does not hold: must be 0.</summary>
    public long Lost => Math.Max(0, AcknowledgedReadings - LoadReadingsInStore);
}
