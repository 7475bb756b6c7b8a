namespace Fleet.Server.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Storing readings in {DataFile} (SQLite, WAL, synchronous={Synchronous})")]
    public static partial void Opened(ILogger logger, string dataFile, string synchronous);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Group commit of {Requests} requests ({Records} records) failed; none of them is acknowledged")]
    public static partial void CommitFailed(ILogger logger, int requests, int records, Exception exception);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "A committed-batch subscriber failed")]
    public static partial void SinkFailed(ILogger logger, Exception exception);
}
