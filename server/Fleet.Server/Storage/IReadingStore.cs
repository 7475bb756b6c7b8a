namespace Fleet.Server.Storage;

/// <summary>
/// The time-series store of readings and events. SQLite is the embedded implementation; a store
/// for InfluxDB implements the same contract.
/// </summary>
public interface IReadingStore
{
    /// <summary>
    /// Stores the records durably and completes only after they are committed; reports which were new.
    /// A record already stored (same box, channel or event name, and device time) is not stored again.
    /// Throws when the store cannot commit; nothing may then be acknowledged.
    /// </summary>
    Task<StoredBatch> WriteAsync(string boxId, IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Readings of one channel with device time in [from, to], oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredReading>> QueryAsync(string boxId, string channel, long fromMs, long toMs, int limit, CancellationToken cancellationToken = default);

    /// <summary>For each of the given boxes and channels that has readings, the one with the latest device time.</summary>
    Task<IReadOnlyList<Reading>> LatestPerChannelAsync(IReadOnlyCollection<string> boxIds, IReadOnlyList<string> channels, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events of one name (such as "uvc") of one box with device time in [from, to], oldest first.
    /// The default throws: a store that serves the dispatch checks (disinfection, R4) must implement it.
    /// </summary>
    Task<IReadOnlyList<BoxEvent>> QueryEventsAsync(string boxId, string name, long fromMs, long toMs, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not query events yet.");

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken = default);
}
