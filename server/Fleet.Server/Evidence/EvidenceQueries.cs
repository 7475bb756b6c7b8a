using Fleet.Server.Storage;

namespace Fleet.Server.Evidence;

/// <summary>
/// The read-only look-ups evidence needs that the delivery store and box registry do not offer: a
/// merchant's orders in a period, and a box's platform as recorded in fleet.db. A delivery's tenancy
/// (deliveries.platform, deliveries.merchant_region) comes with the order record from the delivery store.
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

    /// <summary>The platform the box is registered for (boxes.platform), null for none or an unknown box.</summary>
    public async Task<string?> BoxPlatformAsync(string boxId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT platform FROM boxes WHERE box_id = $id;";
        command.Parameters.AddWithValue("$id", boxId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>The subject a box stands for, with its platform when known.</summary>
    public async Task<EvidenceSubject> BoxSubjectAsync(string boxId, CancellationToken cancellationToken) =>
        new(EvidenceSubject.Box, boxId, await BoxPlatformAsync(boxId, cancellationToken).ConfigureAwait(false));
}
