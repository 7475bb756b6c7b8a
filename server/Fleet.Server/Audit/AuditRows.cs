using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Audit;

/// <summary>The audit_trail table's columns, and reading and writing one row.</summary>
internal static class AuditRows
{
    public const string Columns = "seq, at, actor, actor_role, client_address, action, target_kind, target_id, platform, region, before, after, previous_hash, hash";

    public static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, StoredAuditEntry stored)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"""
            INSERT INTO audit_trail({Columns})
            VALUES ($seq, $at, $actor, $role, $address, $action, $kind, $id, $platform, $region, $before, $after, $previous, $hash);
            """;
        insert.Parameters.AddWithValue("$seq", stored.Sequence);
        insert.Parameters.AddWithValue("$at", stored.AtMs);
        insert.Parameters.AddWithValue("$actor", stored.Actor);
        insert.Parameters.AddWithValue("$role", Nullable(stored.ActorRole));
        insert.Parameters.AddWithValue("$address", Nullable(stored.ClientAddress));
        insert.Parameters.AddWithValue("$action", stored.Action);
        insert.Parameters.AddWithValue("$kind", Nullable(stored.TargetKind));
        insert.Parameters.AddWithValue("$id", Nullable(stored.TargetId));
        insert.Parameters.AddWithValue("$platform", Nullable(stored.Platform));
        insert.Parameters.AddWithValue("$region", Nullable(stored.Region));
        insert.Parameters.AddWithValue("$before", Nullable(stored.Before));
        insert.Parameters.AddWithValue("$after", Nullable(stored.After));
        insert.Parameters.AddWithValue("$previous", stored.PreviousHash);
        insert.Parameters.AddWithValue("$hash", stored.Hash);
        await insert.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public static object Nullable(object? value) => value ?? DBNull.Value;

    public static StoredAuditEntry Read(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : r.GetString(11),
        r.GetString(12),
        r.GetString(13));
}
