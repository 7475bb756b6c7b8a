namespace Fleet.Server.Storage.Influx;

internal static partial class InfluxLog
{
    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Storing time series in InfluxDB at {Url}, database {Database}; spool and dedupe ledger in {SpoolFile} ({Backlog} records waiting)")]
    public static partial void Opened(ILogger logger, string url, string database, string spoolFile, long backlog);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "InfluxDB does not take writes; spooling locally ({Backlog} records waiting) and retrying")]
    public static partial void Unreachable(ILogger logger, long backlog, Exception exception);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "InfluxDB takes writes again; replaying the spool ({Backlog} records left)")]
    public static partial void Reachable(ILogger logger, long backlog);

    [LoggerMessage(EventId = 113, Level = LogLevel.Error, Message = "InfluxDB refused {Lines} spooled lines for good; they are dropped from the spool")]
    public static partial void Refused(ILogger logger, int lines, Exception exception);

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Could not create the InfluxDB database at start; writes stay spooled until it exists")]
    public static partial void CreateDatabaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 115, Level = LogLevel.Error, Message = "Spool commit of {Requests} requests ({Records} records) failed; none of them is acknowledged")]
    public static partial void CommitFailed(ILogger logger, int requests, int records, Exception exception);

    [LoggerMessage(EventId = 116, Level = LogLevel.Error, Message = "Spooled records are stored, but their hash-chain links could not be committed to fleet.db; chain verification will report them")]
    public static partial void ChainCommitFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 117, Level = LogLevel.Information, Message = "The dedupe ledger forgot {Keys} keys older than {Days} days; ingestion refuses records that old (too-old)")]
    public static partial void LedgerPruned(ILogger logger, int keys, int days);

    [LoggerMessage(EventId = 118, Level = LogLevel.Warning, Message = "Pruning the dedupe ledger failed; it is tried again at the next round")]
    public static partial void LedgerPruneFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 119, Level = LogLevel.Warning, Message = "InfluxDB cannot be read; queries are answered from the spool alone ({Backlog} records waiting), without what InfluxDB held before, until it is back")]
    public static partial void ReadingSpoolAlone(ILogger logger, long backlog, Exception? exception);
}
