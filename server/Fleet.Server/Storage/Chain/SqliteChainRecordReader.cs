using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage.Chain;

/// <summary>Records and their links from fleet.db's readings and events tables.</summary>
public sealed class SqliteChainRecordReader(FleetDatabase database) : IChainRecordReader
{
    public Task<LinkedRecords> ByLinksAsync(string boxId, long fromSeq, long toSeq, long firstDeviceTimeMs, long lastDeviceTimeMs, CancellationToken cancellationToken) =>
        ReadAsync(boxId, "link >= $from AND link <= $to", fromSeq, toSeq, cancellationToken);

    public Task<LinkedRecords> InWindowAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken) =>
        ReadAsync(boxId, "t >= $from AND t <= $to", fromMs, toMs, cancellationToken);

    private async Task<LinkedRecords> ReadAsync(string boxId, string filter, long from, long to, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var readings = new List<LinkedReading>();
        await using (var command = Command(connection, $"SELECT channel, t, value, received_at, link FROM readings WHERE box_id = $box AND {filter} ORDER BY channel, t;", boxId, from, to))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var reading = new Reading(boxId, reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3));
                readings.Add(new LinkedReading(reading, reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            }
        }

        var events = new List<LinkedEvent>();
        await using (var command = Command(connection, $"SELECT name, t, value, received_at, link FROM events WHERE box_id = $box AND {filter} ORDER BY name, t;", boxId, from, to))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var boxEvent = new BoxEvent(boxId, reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3));
                events.Add(new LinkedEvent(boxEvent, reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            }
        }

        return new LinkedRecords(readings, events);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string boxId, long from, long to)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        return command;
    }
}
