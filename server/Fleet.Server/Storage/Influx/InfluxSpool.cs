using System.Text;
using Fleet.Server.Storage.Chain;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage.Influx;

/// <summary>
/// The durable side of the InfluxDB store, one SQLite file beside fleet.db (influx-spool.db):
/// a ledger of the keys of every record ever accepted, and an outbox of line-protocol batches not
/// yet written to InfluxDB. Both change in one transaction, so after its commit a record is
/// durable (the PUBACK may follow) and known, so a QoS 1 redelivery or device replay is reported as
/// a duplicate and never handed to the rules twice. Why a ledger rather than asking InfluxDB
/// first: a query per message would double the round trips, race with concurrent writes, and be
/// impossible during the very outages the spool exists for. The ledger holds keys only (box,
/// channel or event name, device time), no values.
/// </summary>
internal sealed class InfluxSpool : IDisposable
{
    private readonly SqliteConnection _writer;
    private readonly SqliteCommand _ledgerReading, _ledgerEvent, _outbox;
    private readonly StringBuilder _lines = new();
    private readonly string _connectionString;
    private readonly SpooledRecords _records;
    private long _lastSeq;

    public InfluxSpool(string filePath, string synchronous)
    {
        FilePath = filePath;
        Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = filePath, Pooling = true, DefaultTimeout = 30 }.ToString();
        _writer = Open(synchronous);
        using (var create = _writer.CreateCommand())
        {
            create.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS ledger_readings(box_id TEXT NOT NULL, channel TEXT NOT NULL, t INTEGER NOT NULL, PRIMARY KEY(box_id, channel, t)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS ledger_events(box_id TEXT NOT NULL, name TEXT NOT NULL, t INTEGER NOT NULL, PRIMARY KEY(box_id, name, t)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, lines INTEGER NOT NULL, body TEXT NOT NULL);
                """ + SpooledRecords.Schema;
            create.ExecuteNonQuery();
            create.CommandText = "SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0);";
            _lastSeq = (long)create.ExecuteScalar()!;
        }

        _records = new SpooledRecords(_writer);

        _ledgerReading = Prepare("INSERT OR IGNORE INTO ledger_readings VALUES ($b, $k, $t);");
        _ledgerEvent = Prepare("INSERT OR IGNORE INTO ledger_events VALUES ($b, $k, $t);");
        _outbox = _writer.CreateCommand();
        _outbox.CommandText = "INSERT INTO outbox(seq, lines, body) VALUES ($seq, $n, $body);";
        _outbox.Parameters.Add("$seq", SqliteType.Integer);
        _outbox.Parameters.Add("$n", SqliteType.Integer);
        _outbox.Parameters.Add("$body", SqliteType.Text);
    }

    public string FilePath { get; }

    /// <summary>
    /// Records the requests in the ledger and their new records in the outbox, each request's new
    /// records linked by <paramref name="chain"/> (whose transaction the caller commits after this
    /// one); returns the last outbox sequence (0 when nothing was new).
    /// </summary>
    public long Commit(List<WriteRequest> requests, StoredBatch[] results, ChainAppender chain)
    {
        // One writer: the row's number is known before it is inserted, so its records can carry it.
        var outboxSeq = _lastSeq + 1;
        var newLines = 0;
        _lines.Clear();
        using var transaction = _writer.BeginTransaction();
        _ledgerReading.Transaction = _ledgerEvent.Transaction = _outbox.Transaction = transaction;
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var duplicates = 0;
            var seq = chain.NextSeq(request.BoxId);
            List<Reading>? readings = null;
            foreach (var reading in request.Readings)
            {
                if (Insert(_ledgerReading, reading.BoxId, reading.Channel, reading.DeviceTimeMs))
                {
                    (readings ??= new List<Reading>(request.Readings.Count)).Add(reading);
                    LineProtocol.AppendReading(_lines, reading, seq);
                    newLines++;
                }
                else
                {
                    duplicates++;
                }
            }

            List<BoxEvent>? events = null;
            foreach (var boxEvent in request.Events)
            {
                if (Insert(_ledgerEvent, boxEvent.BoxId, boxEvent.Name, boxEvent.DeviceTimeMs))
                {
                    (events ??= new List<BoxEvent>(request.Events.Count)).Add(boxEvent);
                    LineProtocol.AppendEvent(_lines, boxEvent, seq);
                    newLines++;
                }
                else
                {
                    duplicates++;
                }
            }

            if (readings is not null || events is not null)
            {
                chain.Append(request.BoxId, seq, readings ?? StoredBatch.NoReadings, events ?? StoredBatch.NoEvents);
                _records.Add(transaction, outboxSeq, seq, readings, events);
            }

            results[i] = new StoredBatch(request.BoxId, readings ?? StoredBatch.NoReadings, events ?? StoredBatch.NoEvents, duplicates);
        }

        if (newLines == 0)
        {
            transaction.Commit();
            return 0;
        }

        _outbox.Parameters[0].Value = outboxSeq;
        _outbox.Parameters[1].Value = newLines;
        _outbox.Parameters[2].Value = _lines.ToString();
        _outbox.ExecuteNonQuery();
        transaction.Commit();
        _lastSeq = outboxSeq;
        return outboxSeq;
    }

    /// <summary>The oldest outbox rows, in commit order, up to about <paramref name="maxLines"/> lines.</summary>
    public (string Body, int Lines, long LastSeq) ReadOldest(int maxLines)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, lines, body FROM outbox ORDER BY seq LIMIT 1000;";
        using var reader = command.ExecuteReader();
        var body = new StringBuilder();
        var lines = 0;
        long lastSeq = 0;
        while (reader.Read() && (lines == 0 || lines + reader.GetInt32(1) <= maxLines))
        {
            lastSeq = reader.GetInt64(0);
            lines += reader.GetInt32(1);
            body.Append(reader.GetString(2));
        }

        return (body.ToString(), lines, lastSeq);
    }

    /// <summary>Forgets outbox rows InfluxDB has taken, and their records. The ledger keeps their keys.</summary>
    public void Delete(long upToSeq)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM outbox WHERE seq <= $seq;";
        command.Parameters.AddWithValue("$seq", upToSeq);
        command.ExecuteNonQuery();
        SpooledRecords.Shipped(connection, transaction, upToSeq);
        transaction.Commit();
    }

    /// <summary>Runs <paramref name="read"/> on a connection of its own (WAL: it does not wait for the writer).</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return read(connection);
    }

    /// <summary>Forgets the ledger's keys of records with a device time before <paramref name="beforeMs"/>; returns how many.</summary>
    public int PruneLedger(long beforeMs)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var pruned = 0;
        foreach (var table in (string[])["ledger_readings", "ledger_events"])
        {
            using var command = connection.CreateCommand();
            // The keys lead with the box: a scan, done rarely and off the write path.
            command.CommandText = $"DELETE FROM {table} WHERE t < $before;";
            command.Parameters.AddWithValue("$before", beforeMs);
            pruned += command.ExecuteNonQuery();
        }

        return pruned;
    }

    /// <summary>Lines waiting in the outbox (the backlog).</summary>
    public long CountLines()
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT ifnull(sum(lines), 0) FROM outbox;";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        _ledgerReading.Dispose();
        _ledgerEvent.Dispose();
        _outbox.Dispose();
        _records.Dispose();
        _writer.Dispose();
    }

    private static bool Insert(SqliteCommand command, string boxId, string key, long time)
    {
        command.Parameters[0].Value = boxId;
        command.Parameters[1].Value = key;
        command.Parameters[2].Value = time;
        return command.ExecuteNonQuery() == 1;
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _writer.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$b", SqliteType.Text);
        command.Parameters.Add("$k", SqliteType.Text);
        command.Parameters.Add("$t", SqliteType.Integer);
        return command;
    }

    private SqliteConnection Open(string synchronous)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous={synchronous};";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
