using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage.Influx;

/// <summary>
/// The outbox's records once more, by box and device time, so that reads can merge what is spooled
/// but not yet in InfluxDB without parsing the outbox's line protocol: pending_readings and
/// pending_events hold each outbox record with its outbox row (seq) and go with it when InfluxDB
/// has taken it. shipped_readings keeps the newest reading of each channel the replayer delivered,
/// so that while InfluxDB cannot be read (a restart during an outage) the latest reading of every
/// channel is still known.
/// </summary>
internal sealed class SpooledRecords : IDisposable
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS pending_readings(box_id TEXT NOT NULL, channel TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL, received_at INTEGER NOT NULL, link INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(box_id, channel, t)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS pending_readings_seq ON pending_readings(seq);
        CREATE TABLE IF NOT EXISTS pending_events(box_id TEXT NOT NULL, name TEXT NOT NULL, t INTEGER NOT NULL, value TEXT NOT NULL, received_at INTEGER NOT NULL, link INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY(box_id, name, t)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS pending_events_seq ON pending_events(seq);
        CREATE TABLE IF NOT EXISTS shipped_readings(box_id TEXT NOT NULL, channel TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY(box_id, channel)) WITHOUT ROWID;
        """;

    private readonly SqliteCommand _reading, _event;

    public SpooledRecords(SqliteConnection writer)
    {
        _reading = Prepare(writer, "INSERT OR REPLACE INTO pending_readings VALUES ($b, $k, $t, $v, $r, $l, $s);", SqliteType.Real);
        _event = Prepare(writer, "INSERT OR REPLACE INTO pending_events VALUES ($b, $k, $t, $v, $r, $l, $s);", SqliteType.Text);
    }

    /// <summary>Adds the records of one outbox row inside the spool's commit.</summary>
    public void Add(SqliteTransaction transaction, long seq, long link, List<Reading>? readings, List<BoxEvent>? events)
    {
        _reading.Transaction = _event.Transaction = transaction;
        foreach (var reading in readings ?? [])
        {
            Run(_reading, reading.BoxId, reading.Channel, reading.DeviceTimeMs, reading.Value, reading.ReceivedAtMs, link, seq);
        }

        foreach (var boxEvent in events ?? [])
        {
            Run(_event, boxEvent.BoxId, boxEvent.Name, boxEvent.DeviceTimeMs, boxEvent.Value, boxEvent.ReceivedAtMs, link, seq);
        }
    }

    /// <summary>Forgets the records of the outbox rows up to <paramref name="upToSeq"/>, remembering each channel's newest delivered reading.</summary>
    public static void Shipped(SqliteConnection connection, SqliteTransaction transaction, long upToSeq)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO shipped_readings(box_id, channel, t, value, received_at)
              SELECT box_id, channel, max(t), value, received_at FROM pending_readings WHERE seq <= $seq GROUP BY box_id, channel
              ON CONFLICT(box_id, channel) DO UPDATE SET t = excluded.t, value = excluded.value, received_at = excluded.received_at WHERE excluded.t > shipped_readings.t;
            DELETE FROM pending_readings WHERE seq <= $seq;
            DELETE FROM pending_events WHERE seq <= $seq;
            """;
        command.Parameters.AddWithValue("$seq", upToSeq);
        command.ExecuteNonQuery();
    }

    /// <summary>Spooled readings of one channel in [from, to], oldest first, at most <paramref name="limit"/>.</summary>
    public static List<StoredReading> Readings(SqliteConnection connection, string boxId, string channel, long fromMs, long toMs, int limit)
    {
        using var command = Query(connection, "SELECT t, value, received_at FROM pending_readings WHERE box_id = $b AND channel = $k AND t BETWEEN $from AND $to ORDER BY t LIMIT $limit;", boxId, channel, fromMs, toMs);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var result = new List<StoredReading>();
        while (reader.Read())
        {
            result.Add(new StoredReading(channel, reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2)));
        }

        return result;
    }

    /// <summary>Spooled events of one name in [from, to], oldest first.</summary>
    public static List<BoxEvent> Events(SqliteConnection connection, string boxId, string name, long fromMs, long toMs)
    {
        using var command = Query(connection, "SELECT t, value, received_at FROM pending_events WHERE box_id = $b AND name = $k AND t BETWEEN $from AND $to ORDER BY t;", boxId, name, fromMs, toMs);
        using var reader = command.ExecuteReader();
        var result = new List<BoxEvent>();
        while (reader.Read())
        {
            result.Add(new BoxEvent(boxId, name, reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return result;
    }

    /// <summary>The newest reading of one channel the spool knows: still pending, or the newest delivered (<paramref name="shipped"/>).</summary>
    public static Reading? Latest(SqliteConnection connection, string boxId, string channel, bool shipped)
    {
        var table = shipped ? "shipped_readings" : "pending_readings";
        using var command = Query(connection, $"SELECT t, value, received_at FROM {table} WHERE box_id = $b AND channel = $k ORDER BY t DESC LIMIT 1;", boxId, channel, 0, 0);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Reading(boxId, channel, reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2)) : null;
    }

    /// <summary>Spooled readings and events of one box in [from, to] with their chain links.</summary>
    public static (List<(Reading Reading, long Link)> Readings, List<(BoxEvent Event, long Link)> Events) Linked(SqliteConnection connection, string boxId, long fromMs, long toMs)
    {
        var readings = new List<(Reading, long)>();
        using (var command = Query(connection, "SELECT channel, t, value, received_at, link FROM pending_readings WHERE box_id = $b AND t BETWEEN $from AND $to;", boxId, "", fromMs, toMs))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                readings.Add((new Reading(boxId, reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3)), reader.GetInt64(4)));
            }
        }

        var events = new List<(BoxEvent, long)>();
        using (var command = Query(connection, "SELECT name, t, value, received_at, link FROM pending_events WHERE box_id = $b AND t BETWEEN $from AND $to;", boxId, "", fromMs, toMs))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                events.Add((new BoxEvent(boxId, reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3)), reader.GetInt64(4)));
            }
        }

        return (readings, events);
    }

    public void Dispose()
    {
        _reading.Dispose();
        _event.Dispose();
    }

    private static SqliteCommand Query(SqliteConnection connection, string sql, string boxId, string key, long fromMs, long toMs)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$b", boxId);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        return command;
    }

    private static void Run(SqliteCommand command, string boxId, string key, long time, object value, long receivedAtMs, long link, long seq)
    {
        var p = command.Parameters;
        p[0].Value = boxId;
        p[1].Value = key;
        p[2].Value = time;
        p[3].Value = value;
        p[4].Value = receivedAtMs;
        p[5].Value = link;
        p[6].Value = seq;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection writer, string sql, SqliteType valueType)
    {
        var command = writer.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$b", SqliteType.Text);
        command.Parameters.Add("$k", SqliteType.Text);
        command.Parameters.Add("$t", SqliteType.Integer);
        command.Parameters.Add("$v", valueType);
        command.Parameters.Add("$r", SqliteType.Integer);
        command.Parameters.Add("$l", SqliteType.Integer);
        command.Parameters.Add("$s", SqliteType.Integer);
        return command;
    }
}
