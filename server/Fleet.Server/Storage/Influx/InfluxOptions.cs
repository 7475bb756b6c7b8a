namespace Fleet.Server.Storage.Influx;

/// <summary>The "InfluxDb" configuration section, read when Storage:TimeSeries is InfluxDb.</summary>
public sealed class InfluxOptions
{
    public const string Section = "InfluxDb";

    /// <summary>Base address of the v1 HTTP API (/write, /query, /ping): InfluxDB 1.8+, 2.x with a DBRP mapping, 3.x.</summary>
    public string Url { get; set; } = "http://localhost:8086";

    /// <summary>The database (1.x, 3.x) or the DBRP-mapped database name (2.x).</summary>
    public string Database { get; set; } = "fleet";

    /// <summary>Retention policy to write to; empty for the database's default.</summary>
    public string RetentionPolicy { get; set; } = "";

    /// <summary>API token (2.x, 3.x), sent as "Authorization: Token …". Takes precedence over Username.</summary>
    public string Token { get; set; } = "";

    /// <summary>User and password for a 1.x server with authentication on (HTTP basic).</summary>
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Most lines one /write request carries.</summary>
    public int BatchLines { get; set; } = 5000;

    /// <summary>How long a write waits for InfluxDB before the durable spool alone acknowledges it.</summary>
    public int WriteWaitMilliseconds { get; set; } = 2000;

    /// <summary>Timeout of one HTTP request to InfluxDB.</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Pause between attempts while InfluxDB does not answer.</summary>
    public int RetryMilliseconds { get; set; } = 500;

    /// <summary>
    /// How long, in days of device time, the dedupe ledger keeps a record's key. Older keys are
    /// pruned, so the ledger stays bounded; ingestion then refuses records older than this
    /// (<c>too-old</c>), because the store could no longer tell a replay of one from a new record.
    /// Longer than any box stays offline with its flash queue.
    /// </summary>
    public int DedupeWindowDays { get; set; } = 45;

    /// <summary>Send CREATE DATABASE at start (1.x; harmless when it exists). Off for 2.x/3.x, where the bucket is made by hand.</summary>
    public bool CreateDatabase { get; set; } = true;
}
