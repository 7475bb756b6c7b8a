namespace Fleet.Server.Storage.Chain;

/// <summary>
/// Reads records back from wherever the time series lives (SQLite or InfluxDB) with their link
/// numbers, so the chain can be recomputed from what is actually stored.
/// </summary>
public interface IChainRecordReader
{
    /// <summary>
    /// Records of links <paramref name="fromSeq"/>…<paramref name="toSeq"/>. The device-time span
    /// (the links' own first and last times) lets a time-indexed store narrow its scan.
    /// </summary>
    Task<LinkedRecords> ByLinksAsync(string boxId, long fromSeq, long toSeq, long firstDeviceTimeMs, long lastDeviceTimeMs, CancellationToken cancellationToken);

    /// <summary>Records with device time in [from, to], readings ordered by channel and time, events by name and time.</summary>
    Task<LinkedRecords> InWindowAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken);
}
