namespace Fleet.Server.Storage;

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public const string Sqlite = "Sqlite";
    public const string InfluxDb = "InfluxDb";

    /// <summary>Where readings and events go: Sqlite (embedded, the default) or InfluxDb (section "InfluxDb").</summary>
    public string TimeSeries { get; set; } = Sqlite;

    /// <summary>Folder of fleet.db; relative paths are resolved against the content root.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite's synchronous pragma: FULL (default; a PUBACK survives power loss) or NORMAL.</summary>
    public string Synchronous { get; set; } = "FULL";

    /// <summary>Most readings and events one group commit writes in a single transaction.</summary>
    public int MaxBatchRecords { get; set; } = 5000;

    /// <summary>Committed batches that may wait for the rule stage before ingestion slows down.</summary>
    public int RuleQueueCapacity { get; set; } = 10_000;
}
