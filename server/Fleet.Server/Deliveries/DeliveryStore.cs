using System.Data.Common;
using System.Text.Json;
using Fleet.Server.Audit;
using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Deliveries;

/// <summary>The deliveries table: the order record (R6) and the delivery's steps.</summary>
public sealed class DeliveryStore(FleetDatabase database)
{
    private const string Columns = "order_id, merchant, items, address, ordered_at, processed_at, promised_at, courier_id, box_id, assigned_at, picked_up_at, handed_over_at, retain_until, platform, merchant_region";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Raised after a hand-over is recorded (from the API or the box's button), so its verdict is computed.</summary>
    public event Action<Delivery>? HandedOver;

    /// <summary>Raised with the order id after a delivery is created, assigned, picked up or handed over.</summary>
    public event Action<string>? Changed;

    /// <summary>Stores a new delivery; false when the order id is taken.</summary>
    public async Task<bool> InsertAsync(Delivery delivery, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO deliveries(order_id, merchant, items, address, ordered_at, processed_at, promised_at, retain_until, created_at, platform, merchant_region)
            VALUES ($id, $merchant, $items, $address, $ordered, $processed, $promised, $retain, $now, $platform, $region) ON CONFLICT DO NOTHING;
            """;
        command.Parameters.AddWithValue("$id", delivery.OrderId);
        command.Parameters.AddWithValue("$merchant", delivery.Merchant);
        command.Parameters.AddWithValue("$items", JsonSerializer.Serialize(delivery.Items, Json));
        command.Parameters.AddWithValue("$address", delivery.Address);
        command.Parameters.AddWithValue("$ordered", delivery.OrderedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$processed", delivery.ProcessedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$promised", delivery.PromisedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$retain", delivery.RetainUntil.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$platform", (object?)delivery.Platform ?? DBNull.Value);
        command.Parameters.AddWithValue("$region", (object?)delivery.MerchantRegion ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", nowMs);
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (inserted)
        {
            Changed?.Invoke(delivery.OrderId);
        }

        return inserted;
    }

    public async Task<Delivery?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deliveries WHERE order_id = $id;";
        command.Parameters.AddWithValue("$id", orderId);
        return await SingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Delivery?> AssignAsync(string orderId, string courierId, string boxId, long atMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE deliveries SET courier_id = $courier, box_id = $box, assigned_at = $at
            WHERE order_id = $id AND picked_up_at IS NULL RETURNING {Columns};
            """;
        command.Parameters.AddWithValue("$id", orderId);
        command.Parameters.AddWithValue("$courier", courierId);
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$at", atMs);
        var assigned = await SingleAsync(command, cancellationToken).ConfigureAwait(false);
        if (assigned is not null)
        {
            Changed?.Invoke(orderId);
        }

        return assigned;
    }

    /// <summary>
    /// Records pickup or hand-over once (the first report wins, whether from the API or the box's
    /// button); only for an assigned delivery, and from a box only for the box it was assigned to.
    /// </summary>
    public async Task<Delivery?> RecordStepAsync(string orderId, bool handover, long atMs, string? fromBoxId, CancellationToken cancellationToken)
    {
        var column = handover ? "handed_over_at" : "picked_up_at";
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE deliveries SET {column} = coalesce({column}, $at)
            WHERE order_id = $id AND assigned_at IS NOT NULL AND ($box IS NULL OR box_id = $box)
            RETURNING {Columns};
            """;
        command.Parameters.AddWithValue("$id", orderId);
        command.Parameters.AddWithValue("$at", atMs);
        command.Parameters.AddWithValue("$box", (object?)fromBoxId ?? DBNull.Value);
        var delivery = await SingleAsync(command, cancellationToken).ConfigureAwait(false);
        if (delivery is not null)
        {
            Changed?.Invoke(orderId);
        }

        if (handover && delivery is not null)
        {
            HandedOver?.Invoke(delivery);
        }

        return delivery;
    }

    /// <summary>Assigned deliveries not yet handed over, and those handed over at or after <paramref name="handedOverSinceMs"/>.</summary>
    public async Task<IReadOnlyList<Delivery>> UnderWayAsync(long handedOverSinceMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM deliveries
            WHERE assigned_at IS NOT NULL AND (handed_over_at IS NULL OR handed_over_at >= $since);
            """;
        command.Parameters.AddWithValue("$since", handedOverSinceMs);
        var result = new List<Delivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    /// <summary>The most recently created deliveries, newest first, at most <paramref name="limit"/> (for the dashboard's list).</summary>
    public async Task<IReadOnlyList<Delivery>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deliveries ORDER BY created_at DESC, order_id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit);
        return await ListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deliveries of the box picked up or handed over within [from, to] (for the box's time axis).</summary>
    public async Task<IReadOnlyList<Delivery>> OfBoxBetweenAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM deliveries
            WHERE box_id = $box AND ((picked_up_at BETWEEN $from AND $to) OR (handed_over_at BETWEEN $from AND $to));
            """;
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        return await ListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The carrying windows of the deliveries whose merchant region starts with one of
    /// <paramref name="regionPrefixes"/> (a regulator's jurisdiction): the box, from assignment
    /// (or creation) to hand-over (null while under way).
    /// </summary>
    public async Task<IReadOnlyList<(string BoxId, long FromMs, long? ToMs)>> BoxWindowsInRegionsAsync(IReadOnlyList<string> regionPrefixes, CancellationToken cancellationToken)
    {
        var result = new List<(string, long, long?)>();
        if (regionPrefixes.Count == 0)
        {
            return result;
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var conditions = new List<string>(regionPrefixes.Count);
        for (var i = 0; i < regionPrefixes.Count; i++)
        {
            conditions.Add($"substr(merchant_region, 1, length($p{i})) = $p{i}");
            command.Parameters.AddWithValue($"$p{i}", regionPrefixes[i]);
        }

        command.CommandText = $"""
            SELECT box_id, coalesce(assigned_at, picked_up_at, created_at), handed_over_at FROM deliveries
            WHERE box_id IS NOT NULL AND merchant_region IS NOT NULL AND ({string.Join(" OR ", conditions)});
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2)));
        }

        return result;
    }

    /// <summary>
    /// The distinct merchant regions of the deliveries <paramref name="boxId"/> carried at
    /// <paramref name="atMs"/>, by the windows of <see cref="BoxWindowsInRegionsAsync"/> (assignment,
    /// or pickup or creation, to hand-over).
    /// </summary>
    public async Task<IReadOnlyList<string>> MerchantRegionsInBoxAtAsync(string boxId, long atMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT merchant_region FROM deliveries
            WHERE box_id = $box AND merchant_region IS NOT NULL
              AND coalesce(assigned_at, picked_up_at, created_at) <= $at AND (handed_over_at IS NULL OR handed_over_at >= $at);
            """;
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$at", atMs);
        var regions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            regions.Add(reader.GetString(0));
        }

        return regions;
    }

    /// <summary>The most recently created deliveries of one platform, newest first.</summary>
    public async Task<IReadOnlyList<Delivery>> RecentOfPlatformAsync(string platform, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM deliveries WHERE platform = $platform ORDER BY created_at DESC, order_id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$platform", platform);
        command.Parameters.AddWithValue("$limit", limit);
        return await ListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The most recently created deliveries whose merchant region starts with one of the prefixes, newest first.</summary>
    public async Task<IReadOnlyList<Delivery>> RecentInRegionsAsync(IReadOnlyList<string> regionPrefixes, int limit, CancellationToken cancellationToken)
    {
        if (regionPrefixes.Count == 0)
        {
            return [];
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var conditions = new List<string>(regionPrefixes.Count);
        for (var i = 0; i < regionPrefixes.Count; i++)
        {
            conditions.Add($"substr(merchant_region, 1, length($p{i})) = $p{i}");
            command.Parameters.AddWithValue($"$p{i}", regionPrefixes[i]);
        }

        command.CommandText = $"SELECT {Columns} FROM deliveries WHERE merchant_region IS NOT NULL AND ({string.Join(" OR ", conditions)}) ORDER BY created_at DESC, order_id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit);
        return await ListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the order records whose retention ended before <paramref name="nowMs"/> and, in the
    /// same commit, records each in the audit trail as <paramref name="describe"/> words it: a purge
    /// is never done without its record, nor recorded without being done. Returns what was purged.
    /// </summary>
    public async Task<IReadOnlyList<Delivery>> PurgeAsync(long nowMs, AuditTrail audit, Func<Delivery, AuditEntry> describe, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var transaction = connection.BeginTransaction(deferred: false);
        IReadOnlyList<Delivery> purged;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM deliveries WHERE retain_until < $now RETURNING {Columns};";
            command.Parameters.AddWithValue("$now", nowMs);
            purged = await ListAsync(command, cancellationToken).ConfigureAwait(false);
        }

        if (purged.Count > 0)
        {
            var entries = new List<AuditEntry>(purged.Count);
            foreach (var delivery in purged)
            {
                entries.Add(describe(delivery));
            }

            await audit.RecordWithinAsync(connection, transaction, entries).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return purged;
    }

    private static async Task<Delivery?> SingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static async Task<IReadOnlyList<Delivery>> ListAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<Delivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    private static Delivery Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        JsonSerializer.Deserialize<List<FoodItem>>(r.GetString(2), Json) ?? [],
        r.GetString(3),
        At(r.GetInt64(4)),
        At(r.GetInt64(5)),
        At(r.GetInt64(6)),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.IsDBNull(9) ? null : At(r.GetInt64(9)),
        r.IsDBNull(10) ? null : At(r.GetInt64(10)),
        r.IsDBNull(11) ? null : At(r.GetInt64(11)),
        At(r.GetInt64(12)),
        r.IsDBNull(13) ? null : r.GetString(13),
        r.IsDBNull(14) ? null : r.GetString(14));

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
