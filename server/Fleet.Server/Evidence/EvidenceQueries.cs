using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Evidence;

/// <summary>
/// The read-only look-ups evidence needs that the delivery store does not offer: a merchant's orders
/// in a period, and a delivery's tenancy (platform, merchant region). The tenancy columns come with
/// the access workstream; while a database has none, they read as unknown.
/// </summary>
public sealed class EvidenceQueries(FleetDatabase database)
{
    /// <summary>Orders of a merchant ordered within [from, to], oldest first.</summary>
    public async Task<IReadOnlyList<string>> MerchantOrdersAsync(string merchant, long fromMs, long toMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT order_id FROM deliveries WHERE merchant = $merchant AND ordered_at >= $from AND ordered_at <= $to ORDER BY ordered_at LIMIT $limit;";
        command.Parameters.AddWithValue("$merchant", merchant);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The delivery's platform and merchant region code, each null where the database does not record it.</summary>
    public async Task<(string? Platform, string? MerchantRegion)> TenancyAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        var columns = await ColumnsAsync(connection, cancellationToken).ConfigureAwait(false);
        var platform = columns.Contains("platform") ? "platform" : "NULL";
        var region = columns.Contains("merchant_region") ? "merchant_region" : "NULL";
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {platform}, {region} FROM deliveries WHERE order_id = $id;";
        command.Parameters.AddWithValue("$id", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : (null, null);
    }

    /// <summary>The box's platform, null where the database does not record it.</summary>
    public async Task<string?> BoxPlatformAsync(string boxId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        if (!(await ColumnsAsync(connection, cancellationToken, "boxes").ConfigureAwait(false)).Contains("platform"))
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT platform FROM boxes WHERE box_id = $id;";
        command.Parameters.AddWithValue("$id", boxId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>The subject a box stands for, with its platform when known.</summary>
    public async Task<EvidenceSubject> BoxSubjectAsync(string boxId, CancellationToken cancellationToken) =>
        new(EvidenceSubject.Box, boxId, await BoxPlatformAsync(boxId, cancellationToken).ConfigureAwait(false));

    private static async Task<HashSet<string>> ColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken, string table = "deliveries")
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table);";
        command.Parameters.AddWithValue("$table", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }
}
