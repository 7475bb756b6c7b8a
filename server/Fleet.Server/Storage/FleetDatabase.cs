using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage;

/// <summary>
/// The SQLite file every capability shares (readings, events, boxes, alerts): where it lives, how a
/// connection is opened, and its schema, created or migrated once before first use.
/// </summary>
public sealed class FleetDatabase
{
    private const int DefaultTimeoutSeconds = 30;
    private const int BusyTimeoutMs = DefaultTimeoutSeconds * 1000;

    private readonly Lock _gate = new();
    private readonly string _synchronous;
    private bool _ready;

    public FleetDatabase(StorageOptions options, string contentRoot)
    {
        var directory = Path.GetFullPath(Path.Combine(contentRoot, options.DataDirectory));
        FilePath = Path.Combine(directory, "fleet.db");
        _synchronous = options.Synchronous.ToUpperInvariant();
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = DefaultTimeoutSeconds,
        }.ToString();
    }

    public string FilePath { get; }

    public string ConnectionString { get; }

    /// <summary>Opens a connection on a database whose schema is current.</summary>
    public SqliteConnection Open()
    {
        EnsureCreated();
        return OpenRaw(_synchronous);
    }

    /// <summary>
    /// Opens a connection for data the server derives from readings, such as the alerts its rules
    /// raise and resolve. Its commits skip their own fsync (synchronous=NORMAL): in WAL mode the
    /// readings writer's next FULL commit syncs them with it, and if power fails first, rebuilding
    /// rule state from the (fully synced) readings raises them again. So an alert no longer waits
    /// for a disk flush of its own on its way to the dashboard. What people do (acknowledge,
    /// resolve by hand) cannot be derived and goes through <see cref="Open"/>.
    /// </summary>
    public SqliteConnection OpenForDerivedData()
    {
        EnsureCreated();
        return OpenRaw(_synchronous == "FULL" || _synchronous == "EXTRA" ? "NORMAL" : _synchronous);
    }

    /// <summary>Creates the file and brings the schema to the latest version; safe to call often.</summary>
    public void EnsureCreated()
    {
        if (Volatile.Read(ref _ready))
        {
            return;
        }

        lock (_gate)
        {
            if (_ready)
            {
                return;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using var connection = OpenRaw(_synchronous);
            using (var wal = connection.CreateCommand())
            {
                // WAL is a property of the file, so setting it once here covers every later connection.
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                wal.ExecuteNonQuery();
            }

            Schema.Migrate(connection);
            Volatile.Write(ref _ready, true);
        }
    }

    private SqliteConnection OpenRaw(string synchronous)
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // synchronous is per connection; pooled connections keep it, setting it again is cheap.
        // busy_timeout lets SQLite itself wait for another connection's write lock, retrying within a
        // millisecond or so; without it Microsoft.Data.Sqlite retries a busy statement after sleeping
        // 150 ms, which an alert or a group commit that meets another writer would add to its latency.
        pragmas.CommandText = $"PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs};";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
