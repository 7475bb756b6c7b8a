using Fleet.Server.Ingestion;
using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Boxes;

/// <summary>The boxes and box_compartments tables.</summary>
public sealed class SqliteBoxStore(FleetDatabase database)
{
    public async Task<IReadOnlyList<BoxRecord>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var kinds = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT box_id, channel, kind FROM box_compartments;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var boxId = reader.GetString(0);
                if (!kinds.TryGetValue(boxId, out var map))
                {
                    kinds[boxId] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                map[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var boxes = new List<BoxRecord>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT box_id, registered_at, last_seen, online, fw, interval_s, queued, dropped, platform FROM boxes;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var boxId = reader.GetString(0);
                boxes.Add(new BoxRecord(
                    boxId,
                    reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.GetInt64(3) != 0,
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : reader.GetInt64(7),
                    kinds.TryGetValue(boxId, out var map) ? map : new Dictionary<string, string>(),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }

        return boxes;
    }

    public async Task InsertAsync(string boxId, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO boxes(box_id, registered_at, last_seen) VALUES ($box, $now, $now);";
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$now", nowMs);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers the box for a platform (null: for none), adding its row when the box has not been seen yet.</summary>
    public async Task SetPlatformAsync(string boxId, string? platform, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO boxes(box_id, registered_at, platform) VALUES ($box, $now, $platform)
            ON CONFLICT(box_id) DO UPDATE SET platform = $platform;
            """;
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$now", nowMs);
        command.Parameters.AddWithValue("$platform", (object?)platform ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a status document: the box row, and its compartments when the document declares them.</summary>
    public async Task SaveStatusAsync(string boxId, BoxStatus status, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO boxes(box_id, registered_at, last_seen, online, fw, interval_s, status_t, queued, dropped)
                VALUES ($box, $now, $now, $online, $fw, $interval, $t, $queued, $dropped)
                ON CONFLICT(box_id) DO UPDATE SET
                    last_seen = $now,
                    online = $online,
                    fw = coalesce($fw, fw),
                    interval_s = coalesce($interval, interval_s),
                    status_t = coalesce($t, status_t),
                    queued = coalesce($queued, queued),
                    dropped = coalesce($dropped, dropped);
                """;
            upsert.Parameters.AddWithValue("$box", boxId);
            upsert.Parameters.AddWithValue("$now", nowMs);
            upsert.Parameters.AddWithValue("$online", status.Online ? 1 : 0);
            upsert.Parameters.AddWithValue("$fw", (object?)status.Firmware ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$interval", (object?)status.IntervalSeconds ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$t", (object?)status.DeviceTimeMs ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$queued", (object?)status.Queued ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$dropped", (object?)status.Dropped ?? DBNull.Value);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (status.Compartments is { } compartments)
        {
            await using (var clear = connection.CreateCommand())
            {
                clear.Transaction = transaction;
                clear.CommandText = "DELETE FROM box_compartments WHERE box_id = $box;";
                clear.Parameters.AddWithValue("$box", boxId);
                await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR REPLACE INTO box_compartments(box_id, channel, kind) VALUES ($box, $channel, $kind);";
            insert.Parameters.AddWithValue("$box", boxId);
            var channel = insert.Parameters.Add("$channel", SqliteType.Text);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            foreach (var compartment in compartments)
            {
                channel.Value = compartment.Channel;
                kind.Value = compartment.Kind;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
