using Fleet.Server.Storage;

namespace Fleet.Server.Couriers;

/// <summary>The couriers and courier_health_checks tables.</summary>
public sealed class CourierStore(FleetDatabase database, TimeProvider time)
{
    /// <summary>Raised after a courier or a health check is stored.</summary>
    public event Action? Changed;

    public async Task UpsertAsync(string courierId, string name, DateOnly certificateExpires, string? training, string? platform, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO couriers(courier_id, name, certificate_expires, training, platform, updated_at) VALUES ($id, $name, $expires, $training, $platform, $now)
            ON CONFLICT(courier_id) DO UPDATE SET name = $name, certificate_expires = $expires, training = $training, platform = $platform, updated_at = $now;
            """;
        command.Parameters.AddWithValue("$id", courierId);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$expires", certificateExpires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$training", (object?)training ?? DBNull.Value);
        command.Parameters.AddWithValue("$platform", (object?)platform ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Changed?.Invoke();
    }

    /// <summary>Records the day's health check; false when the courier is unknown.</summary>
    public async Task<bool> RecordHealthCheckAsync(string courierId, DateOnly day, bool passed, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO courier_health_checks(courier_id, day, passed, recorded_at)
            SELECT courier_id, $day, $passed, $now FROM couriers WHERE courier_id = $id
            ON CONFLICT(courier_id, day) DO UPDATE SET passed = $passed, recorded_at = $now;
            """;
        command.Parameters.AddWithValue("$id", courierId);
        command.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$passed", passed ? 1 : 0);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        var recorded = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        if (recorded)
        {
            Changed?.Invoke();
        }

        return recorded;
    }

    /// <summary>Every courier, sorted by id, with the health check of <paramref name="day"/>.</summary>
    public async Task<IReadOnlyList<Courier>> ListAsync(DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.courier_id, c.name, c.certificate_expires, c.training, h.passed, c.platform FROM couriers c
            LEFT JOIN courier_health_checks h ON h.courier_id = c.courier_id AND h.day = $day
            ORDER BY c.courier_id;
            """;
        command.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var couriers = new List<Courier>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            couriers.Add(new Courier(
                reader.GetString(0),
                reader.GetString(1),
                DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4) != 0,
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return couriers;
    }

    /// <summary>The courier with the health check of <paramref name="day"/>, or null when unknown.</summary>
    public async Task<Courier?> FindAsync(string courierId, DateOnly day, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.name, c.certificate_expires, c.training, h.passed, c.platform FROM couriers c
            LEFT JOIN courier_health_checks h ON h.courier_id = c.courier_id AND h.day = $day
            WHERE c.courier_id = $id;
            """;
        command.Parameters.AddWithValue("$id", courierId);
        command.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new Courier(
            courierId,
            reader.GetString(0),
            DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetInt64(3) != 0,
            reader.IsDBNull(4) ? null : reader.GetString(4));
    }
}
