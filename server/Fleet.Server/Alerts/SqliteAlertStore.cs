using System.Data.Common;
using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Alerts;

/// <summary>
/// The alerts table. At most one unresolved (open or acknowledged) alert per rule, box, channel and
/// delivery, kept by a unique partial index, so two racing raises cannot both open one.
/// </summary>
public sealed class SqliteAlertStore(FleetDatabase database, TimeProvider time)
{
    /// <summary>The state filter for open and acknowledged alerts together.</summary>
    public const string Unresolved = "unresolved";

    private const string Columns = "id, rule, severity, box_id, channel, state, raised_at, resolved_at, late, peak, message, created_at, acknowledged_at, acknowledged_by, acknowledge_note, resolved_by, resolution_note, escalated_at, order_id";

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The highest alert id ever given, deleted rows included, so ids allocated in memory continue after it.</summary>
    public async Task<long> LastIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT max(ifnull((SELECT max(id) FROM alerts), 0), ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'alerts'), 0));";
        return Convert.ToInt64(await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes alert changes decided in memory, in order, in one transaction with one prepared insert
    /// and one prepared resolve. Derived data: the commit skips its own fsync (see
    /// <see cref="FleetDatabase.OpenForDerivedData"/>). A resolve leaves a row resolved already (by
    /// hand) unchanged.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<AlertChange> changes, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenForDerivedData();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO alerts(id, rule, severity, box_id, channel, state, raised_at, resolved_at, late, peak, message, created_at, updated_at, order_id)
            VALUES ($id, $rule, $severity, $box, $channel, $state, $raised, $resolved, $late, $peak, $message, $created, $now, $order)
            ON CONFLICT DO NOTHING;
            """;
        var insertParameters = AddParameters(insert, "$id", "$rule", "$severity", "$box", "$channel", "$state", "$raised", "$resolved", "$late", "$peak", "$message", "$created", "$now", "$order");
        await using var resolve = connection.CreateCommand();
        resolve.Transaction = transaction;
        resolve.CommandText = """
            UPDATE alerts SET state = 'resolved', resolved_at = $resolved, peak = coalesce($peak, peak), message = $message, updated_at = $now
            WHERE id = $id AND state <> 'resolved';
            """;
        var resolveParameters = AddParameters(resolve, "$id", "$resolved", "$peak", "$message", "$now");

        foreach (var change in changes)
        {
            var alert = change.Alert;
            if (change.IsNew)
            {
                Set(insertParameters, alert.Id, alert.Rule, alert.Severity, alert.BoxId, alert.Channel, alert.State, alert.RaisedAtMs, alert.ResolvedAtMs,
                    alert.Late ? 1 : 0, alert.PeakCelsius, alert.Message, alert.CreatedAtMs, change.AtMs, alert.OrderId);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Set(resolveParameters, alert.Id, alert.ResolvedAtMs, alert.PeakCelsius, alert.Message, change.AtMs);
                await resolve.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SqliteParameter[] AddParameters(SqliteCommand command, params string[] names)
    {
        var parameters = new SqliteParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            // No declared type: each value binds as what it is (text, integer, real or null).
            parameters[i] = command.Parameters.Add(new SqliteParameter(names[i], DBNull.Value));
        }

        return parameters;
    }

    private static void Set(SqliteParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    /// <summary>Inserts an open alert; when one is already unresolved for the same rule, box, channel and delivery, returns that one.</summary>
    public async Task<(Alert Alert, bool Created)> InsertOpenAsync(NewAlert alert, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenForDerivedData();
        await using (var insert = InsertCommand(connection, alert, Alert.Open, null, alert.Message))
        {
            if (await SingleAsync(insert, cancellationToken).ConfigureAwait(false) is { } created)
            {
                return (created, true);
            }
        }

        await using var existing = connection.CreateCommand();
        existing.CommandText = $"SELECT {Columns} FROM alerts WHERE state <> 'resolved' AND rule = $rule AND box_id = $box AND ifnull(channel, '') = ifnull($channel, '') AND ifnull(order_id, '') = ifnull($order, '');";
        existing.Parameters.AddWithValue("$rule", alert.Rule);
        existing.Parameters.AddWithValue("$box", alert.BoxId);
        existing.Parameters.AddWithValue("$channel", (object?)alert.Channel ?? DBNull.Value);
        existing.Parameters.AddWithValue("$order", (object?)alert.OrderId ?? DBNull.Value);
        return (await SingleAsync(existing, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The alert was neither inserted nor found unresolved."), false);
    }

    /// <summary>
    /// Inserts an alert that is already over: an excursion found in late history that began and
    /// ended before now. It never collides with the unresolved alert of the same rule.
    /// </summary>
    public async Task<Alert> InsertResolvedAsync(NewAlert alert, long resolvedAtMs, string message, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenForDerivedData();
        await using var insert = InsertCommand(connection, alert, Alert.Resolved, resolvedAtMs, message);
        return await SingleAsync(insert, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("The alert was not inserted.");
    }

    /// <summary>Resolves an unresolved alert because its condition cleared at <paramref name="resolvedAtMs"/> (device time).</summary>
    public async Task<Alert?> ResolveAsync(long id, long resolvedAtMs, double? peakCelsius, string message, CancellationToken cancellationToken)
    {
        await using var connection = database.OpenForDerivedData();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE alerts SET state = 'resolved', resolved_at = $resolved, peak = coalesce($peak, peak), message = $message, updated_at = $now
            WHERE id = $id AND state <> 'resolved'
            RETURNING {Columns};
            """;
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$resolved", resolvedAtMs);
        update.Parameters.AddWithValue("$peak", (object?)peakCelsius ?? DBNull.Value);
        update.Parameters.AddWithValue("$message", message);
        update.Parameters.AddWithValue("$now", Now);
        return await SingleAsync(update, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves an unresolved alert by hand, now; null when it is unknown or already resolved.</summary>
    public async Task<Alert?> ResolveByHandAsync(long id, string by, string note, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE alerts SET state = 'resolved', resolved_at = $now, resolved_by = $by, resolution_note = $note, updated_at = $now
            WHERE id = $id AND state <> 'resolved'
            RETURNING {Columns};
            """;
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$by", by);
        update.Parameters.AddWithValue("$note", note);
        update.Parameters.AddWithValue("$now", Now);
        return await SingleAsync(update, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Acknowledges an open alert, now; null when it is unknown, already acknowledged or resolved.</summary>
    public async Task<Alert?> AcknowledgeAsync(long id, string by, string note, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE alerts SET state = 'acknowledged', acknowledged_at = $now, acknowledged_by = $by, acknowledge_note = $note, updated_at = $now
            WHERE id = $id AND state = 'open'
            RETURNING {Columns};
            """;
        update.Parameters.AddWithValue("$id", id);
        update.Parameters.AddWithValue("$by", by);
        update.Parameters.AddWithValue("$note", note);
        update.Parameters.AddWithValue("$now", Now);
        return await SingleAsync(update, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks escalated every critical alert still open (unacknowledged) that was stored at or before <paramref name="storedBeforeMs"/>.</summary>
    public async Task<IReadOnlyList<Alert>> EscalateAsync(long storedBeforeMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE alerts SET escalated_at = $now, updated_at = $now
            WHERE state = 'open' AND escalated_at IS NULL AND severity = 'critical' AND created_at <= $cutoff
            RETURNING {Columns};
            """;
        update.Parameters.AddWithValue("$cutoff", storedBeforeMs);
        update.Parameters.AddWithValue("$now", Now);
        return await ListAsync(update, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Alert?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT {Columns} FROM alerts WHERE id = $id;";
        query.Parameters.AddWithValue("$id", id);
        return await SingleAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <param name="state">open, acknowledged, resolved, <see cref="Unresolved"/>, or null for all.</param>
    /// <param name="rule">Only alerts of this rule, or null for all.</param>
    public async Task<IReadOnlyList<Alert>> QueryAsync(string? state, string? boxId, int limit, CancellationToken cancellationToken, string? rule = null)
    {
        await using var connection = database.Open();
        await using var query = connection.CreateCommand();
        query.CommandText = $"""
            SELECT {Columns} FROM alerts
            WHERE ($state IS NULL OR state = $state OR ($state = 'unresolved' AND state <> 'resolved'))
              AND ($box IS NULL OR box_id = $box) AND ($rule IS NULL OR rule = $rule)
            ORDER BY state <> 'resolved' DESC, id DESC
            LIMIT $limit;
            """;
        query.Parameters.AddWithValue("$state", (object?)state ?? DBNull.Value);
        query.Parameters.AddWithValue("$box", (object?)boxId ?? DBNull.Value);
        query.Parameters.AddWithValue("$rule", (object?)rule ?? DBNull.Value);
        query.Parameters.AddWithValue("$limit", limit);
        return await ListAsync(query, cancellationToken).ConfigureAwait(false);
    }

    private SqliteCommand InsertCommand(SqliteConnection connection, NewAlert alert, string state, long? resolvedAtMs, string message)
    {
        var insert = connection.CreateCommand();
        insert.CommandText = $"""
            INSERT INTO alerts(rule, severity, box_id, channel, state, raised_at, resolved_at, late, peak, message, created_at, updated_at, order_id)
            VALUES ($rule, $severity, $box, $channel, $state, $raised, $resolved, $late, $peak, $message, $now, $now, $order)
            ON CONFLICT DO NOTHING
            RETURNING {Columns};
            """;
        insert.Parameters.AddWithValue("$rule", alert.Rule);
        insert.Parameters.AddWithValue("$severity", alert.Severity);
        insert.Parameters.AddWithValue("$box", alert.BoxId);
        insert.Parameters.AddWithValue("$channel", (object?)alert.Channel ?? DBNull.Value);
        insert.Parameters.AddWithValue("$state", state);
        insert.Parameters.AddWithValue("$raised", alert.RaisedAtMs);
        insert.Parameters.AddWithValue("$resolved", (object?)resolvedAtMs ?? DBNull.Value);
        insert.Parameters.AddWithValue("$late", alert.Late ? 1 : 0);
        insert.Parameters.AddWithValue("$peak", (object?)alert.PeakCelsius ?? DBNull.Value);
        insert.Parameters.AddWithValue("$message", message);
        insert.Parameters.AddWithValue("$order", (object?)alert.OrderId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$now", Now);
        return insert;
    }

    private static async Task<Alert?> SingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static async Task<IReadOnlyList<Alert>> ListAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
        reader.GetString(10),
        reader.GetInt64(11),
        reader.IsDBNull(12) ? null : reader.GetInt64(12),
        reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.IsDBNull(14) ? null : reader.GetString(14),
        reader.IsDBNull(15) ? null : reader.GetString(15),
        reader.IsDBNull(16) ? null : reader.GetString(16),
        reader.IsDBNull(17) ? null : reader.GetInt64(17),
        reader.IsDBNull(18) ? null : reader.GetString(18));
}
