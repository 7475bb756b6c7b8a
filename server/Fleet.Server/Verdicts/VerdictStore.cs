using System.Text.Json;
using Fleet.Server.Storage;

namespace Fleet.Server.Verdicts;

/// <summary>The delivery_verdicts table (schema step 4): the latest verdict of each delivery, as JSON, with its revision.</summary>
public sealed class VerdictStore(FleetDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<DeliveryVerdict?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT verdict FROM delivery_verdicts WHERE order_id = $id;";
        command.Parameters.AddWithValue("$id", orderId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<DeliveryVerdict>(json, Json)
            : null;
    }

    /// <summary>Whether each of the given deliveries is compliant, for those that have a verdict.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> ComplianceOfAsync(IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (orderIds.Count == 0)
        {
            return result;
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var names = new string[orderIds.Count];
        for (var i = 0; i < orderIds.Count; i++)
        {
            names[i] = "$id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(names[i], orderIds[i]);
        }

        command.CommandText = $"SELECT order_id, compliant FROM delivery_verdicts WHERE order_id IN ({string.Join(", ", names)});";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetString(0)] = reader.GetInt64(1) != 0;
        }

        return result;
    }

    /// <summary>Raised with the order id after a verdict is stored, first or revised.</summary>
    public event Action<string>? Saved;

    public async Task SaveAsync(DeliveryVerdict verdict, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO delivery_verdicts(order_id, box_id, compliant, revision, computed_at, verdict)
            VALUES ($id, $box, $compliant, $revision, $at, $verdict)
            ON CONFLICT(order_id) DO UPDATE SET compliant = excluded.compliant, revision = excluded.revision,
                computed_at = excluded.computed_at, verdict = excluded.verdict;
            """;
        command.Parameters.AddWithValue("$id", verdict.OrderId);
        command.Parameters.AddWithValue("$box", verdict.BoxId);
        command.Parameters.AddWithValue("$compliant", verdict.Compliant ? 1 : 0);
        command.Parameters.AddWithValue("$revision", verdict.Revision);
        command.Parameters.AddWithValue("$at", verdict.ComputedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$verdict", JsonSerializer.Serialize(verdict, Json));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Saved?.Invoke(verdict.OrderId);
    }

    /// <summary>Each box's latest hand-over time: no delivery of a box ends after it, so none overlaps records later than it.</summary>
    public async Task<Dictionary<string, long>> LatestHandOversAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT box_id, max(handed_over_at) FROM deliveries WHERE box_id IS NOT NULL AND handed_over_at IS NOT NULL GROUP BY box_id;";
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            latest[reader.GetString(0)] = reader.GetInt64(1);
        }

        return latest;
    }

    /// <summary>Handed-over deliveries of the box whose pickup-to-hand-over window overlaps [from, to].</summary>
    public async Task<IReadOnlyList<string>> HandedOverOverlappingAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT order_id FROM deliveries
            WHERE box_id = $box AND handed_over_at IS NOT NULL
              AND coalesce(picked_up_at, assigned_at) <= $to AND handed_over_at >= $from;
            """;
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }
}
