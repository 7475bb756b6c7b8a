using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Devices;

/// <summary>
/// The device_credentials table of fleet.db. Every check reads the row again (a primary-key lookup,
/// microseconds) rather than caching: a secret issued or revoked by the command-line verb in another
/// process takes effect on the next connect.
/// </summary>
public sealed class DeviceCredentialStore(FleetDatabase database)
{
    public DeviceCredential? Find(string boxId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT secret_hash, issued_at, revoked_at FROM device_credentials WHERE box_id = $box;";
        command.Parameters.AddWithValue("$box", boxId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return new DeviceCredential(
            boxId,
            (byte[])reader.GetValue(0),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    /// <summary>Stores a new secret hash for the box, replacing (and so rotating out) any earlier one; true when one existed.</summary>
    public bool Issue(string boxId, byte[] secretHash, DateTimeOffset issuedAt)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        bool existed;
        using (var find = connection.CreateCommand())
        {
            find.Transaction = transaction;
            find.CommandText = "SELECT count(*) FROM device_credentials WHERE box_id = $box;";
            find.Parameters.AddWithValue("$box", boxId);
            existed = (long)find.ExecuteScalar()! > 0;
        }

        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO device_credentials(box_id, secret_hash, issued_at, revoked_at) VALUES ($box, $hash, $issued, NULL)
                ON CONFLICT(box_id) DO UPDATE SET secret_hash = excluded.secret_hash, issued_at = excluded.issued_at, revoked_at = NULL;
                """;
            upsert.Parameters.AddWithValue("$box", boxId);
            upsert.Parameters.Add("$hash", SqliteType.Blob).Value = secretHash;
            upsert.Parameters.AddWithValue("$issued", issuedAt.ToUnixTimeMilliseconds());
            upsert.ExecuteNonQuery();
        }

        transaction.Commit();
        return existed;
    }

    /// <summary>Marks the box's secret revoked; false when the box has no live secret.</summary>
    public bool Revoke(string boxId, DateTimeOffset revokedAt)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE device_credentials SET revoked_at = $revoked WHERE box_id = $box AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$revoked", revokedAt.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery() > 0;
    }
}
