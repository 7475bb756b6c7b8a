using System.Globalization;
using System.Text.Json;
using Fleet.Server.Storage;

namespace Fleet.Server.Boxes;

/// <summary>The box_profiles and box_calibrations tables.</summary>
public sealed class BoxProfileStore(FleetDatabase database, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Raised after a profile is stored, so the rules take in its limits.</summary>
    public event Action<BoxProfile>? Saved;

    public async Task SaveAsync(BoxProfile profile, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO box_profiles(box_id, in_service, compartments, updated_at) VALUES ($id, $since, $compartments, $now)
            ON CONFLICT(box_id) DO UPDATE SET in_service = $since, compartments = $compartments, updated_at = $now;
            """;
        command.Parameters.AddWithValue("$id", profile.BoxId);
        command.Parameters.AddWithValue("$since", Day(profile.InService));
        command.Parameters.AddWithValue("$compartments", JsonSerializer.Serialize(profile.Compartments, Json));
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Saved?.Invoke(profile);
    }

    public async Task<BoxProfile?> FindAsync(string boxId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT in_service, compartments FROM box_profiles WHERE box_id = $id;";
        command.Parameters.AddWithValue("$id", boxId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new BoxProfile(boxId, Parse(reader.GetString(0)), JsonSerializer.Deserialize<List<CompartmentCapability>>(reader.GetString(1), Json) ?? [])
            : null;
    }

    /// <summary>Every stored profile, by box id.</summary>
    public async Task<IReadOnlyList<BoxProfile>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT box_id, in_service, compartments FROM box_profiles ORDER BY box_id;";
        var result = new List<BoxProfile>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new BoxProfile(reader.GetString(0), Parse(reader.GetString(1)), JsonSerializer.Deserialize<List<CompartmentCapability>>(reader.GetString(2), Json) ?? []));
        }

        return result;
    }

    /// <summary>Every box with a profile: the boxes the platform has put into service.</summary>
    public async Task<IReadOnlyList<string>> BoxIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT box_id FROM box_profiles ORDER BY box_id;";
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    public async Task AddCalibrationAsync(string boxId, CalibrationRecord record, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO box_calibrations(box_id, channel, calibrated_on, due_on, recorded_at) VALUES ($id, $channel, $on, $due, $now)
            ON CONFLICT DO UPDATE SET due_on = $due, recorded_at = $now;
            """;
        command.Parameters.AddWithValue("$id", boxId);
        command.Parameters.AddWithValue("$channel", record.Channel);
        command.Parameters.AddWithValue("$on", Day(record.CalibratedOn));
        command.Parameters.AddWithValue("$due", Day(record.DueOn));
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every calibration record of the box, newest first: records are kept, never replaced (R8).</summary>
    public async Task<IReadOnlyList<CalibrationRecord>> CalibrationsAsync(string boxId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT channel, calibrated_on, due_on FROM box_calibrations WHERE box_id = $id ORDER BY calibrated_on DESC, channel;";
        command.Parameters.AddWithValue("$id", boxId);
        var result = new List<CalibrationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new CalibrationRecord(reader.GetString(0), Parse(reader.GetString(1)), Parse(reader.GetString(2))));
        }

        return result;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Parse(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
