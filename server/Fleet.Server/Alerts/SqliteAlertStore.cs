using System.Data.Common;
using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Alerts;

/// <summary>The alerts table. At most one open alert per rule, box and channel (a unique partial index).</summary>
public sealed class SqliteAlertStore(FleetDatabase database, TimeProvider time)
{
    private const string Columns = "id, rule, severity, box_id, channel, state, raised_at, resolved_at, late, peak, message";

    /// <summary>Inserts an open alert; when one is already open for the same rule, box and channel, returns that one.</summary>
    public async Task<(Alert Alert, bool Created)> InsertOpenAsync(NewAlert alert, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"""
                INSERT INTO alerts(rule, severity, box_id, channel, state, raised_at, late, peak, message, created_at, updated_at)
                VALUES ($rule, $severity, $box, $channel, 'open', $raised, $late, $peak, $message, $now, $now)
                ON CONFLICT DO NOTHING
                RETURNING {Columns};
                """;
            insert.Parameters.AddWithValue("$rule", alert.Rule);
            insert.Parameters.AddWithValue("$severity", alert.Severity);
            insert.Parameters.AddWithValue("$box", alert.BoxId);
            insert.Parameters.AddWithValue("$channel", (object?)alert.Channel ?? DBNull.Value);
            insert.Parameters.AddWithValue("$raised", alert.RaisedAtMs);
            insert.Parameters.AddWithValue("$late", alert.Late ? 1 : 0);
            insert.Parameters.AddWithValue("$peak", (object?)alert.PeakCelsius ?? DBNull.Value);
            insert.Parameters.AddWithValue("$message", alert.Message);
            insert.Parameters.AddWithValue("$now", now);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (Read(reader), true);
            }
        }

        await using var existing = connection.CreateCommand();
        existing.CommandText = $"SELECT {Columns} FROM alerts WHERE state = 'open' AND rule = $rule AND box_id = $box AND ifnull(channel, '') = ifnull($channel, '');";
        existing.Parameters.AddWithValue("$rule", alert.Rule);
        existing.Parameters.AddWithValue("$box", alert.BoxId);
        existing.Parameters.AddWithValue("$channel", (object?)alert.Channel ?? DBNull.Value);
        await using var found = await existing.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await found.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The alert was neither inserted nor found open.");
        }

        return (Read(found), false);
    }

    public async Task<Alert?> ResolveAsync(long id, long resolvedAtMs, double? peakCelsius, string message, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE alerts SET state = 'resolved', resolved_at = $resolved, peak = coalesce($peak, peak), message = $message, updated_at = $now
            WHERE id = $id AND state = 'open'
            RETURNING {Columns};
            """;
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$resolved", resolvedAtMs);
        update.Parameters.AddWithValue("$peak", (object?)peakCelsius ?? DBNull.Value);
        update.Parameters.AddWithValue("$message", message);
        update.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <param name="state">open, resolved, or null for both.</param>
    public async Task<IReadOnlyList<Alert>> QueryAsync(string? state, string? boxId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var query = connection.CreateCommand();
        query.CommandText = $"""
            SELECT {Columns} FROM alerts
            WHERE ($state IS NULL OR state = $state) AND ($box IS NULL OR box_id = $box)
            ORDER BY state = 'open' DESC, id DESC
            LIMIT $limit;
            """;
        query.Parameters.AddWithValue("$state", (object?)state ?? DBNull.Value);
        query.Parameters.AddWithValue("$box", (object?)boxId ?? DBNull.Value);
        query.Parameters.AddWithValue("$limit", limit);
        var result = new List<Alert>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static Alert Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.IsDBNull(7) ? null : reader.GetInt64(7),
        reader.GetInt64(8) != 0,
        reader.IsDBNull(9) ? null : reader.GetDouble(9),
        reader.GetString(10));
}
