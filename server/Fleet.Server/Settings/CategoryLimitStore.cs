using Fleet.Server.Rules;
using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Settings;

/// <summary>The category_limits table: the food categories' limits an admin set at run time.</summary>
public sealed class CategoryLimitStore(FleetDatabase database, TimeProvider time)
{
    /// <summary>Every stored setting, by category, read at once: for the rules' start, before anything is judged.</summary>
    public IReadOnlyDictionary<string, TighterLimits> All()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT category, max_celsius, min_celsius, grace_minutes FROM category_limits;";
        var result = new Dictionary<string, TighterLimits>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = new TighterLimits { MaxCelsius = Number(reader, 1), MinCelsius = Number(reader, 2), GraceMinutes = Number(reader, 3) };
        }

        return result;
    }

    /// <summary>Every stored setting with who set it and when, by category name.</summary>
    public async Task<IReadOnlyList<CategoryLimitSetting>> SettingsAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT category, max_celsius, min_celsius, grace_minutes, updated_at, updated_by FROM category_limits ORDER BY category;";
        var result = new List<CategoryLimitSetting>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var limits = new TighterLimits { MaxCelsius = Number(reader, 1), MinCelsius = Number(reader, 2), GraceMinutes = Number(reader, 3) };
            result.Add(new CategoryLimitSetting(reader.GetString(0), limits, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5)));
        }

        return result;
    }

    /// <summary>Stores <paramref name="limits"/> as <paramref name="category"/>'s setting, replacing an earlier one.</summary>
    public async Task SaveAsync(string category, TighterLimits limits, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO category_limits(category, max_celsius, min_celsius, grace_minutes, updated_at, updated_by)
            VALUES ($category, $max, $min, $grace, $now, $by)
            ON CONFLICT(category) DO UPDATE SET max_celsius = $max, min_celsius = $min, grace_minutes = $grace, updated_at = $now, updated_by = $by;
            """;
        command.Parameters.AddWithValue("$category", category);
        command.Parameters.AddWithValue("$max", (object?)limits.MaxCelsius ?? DBNull.Value);
        command.Parameters.AddWithValue("$min", (object?)limits.MinCelsius ?? DBNull.Value);
        command.Parameters.AddWithValue("$grace", (object?)limits.GraceMinutes ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$by", by);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes <paramref name="category"/>'s setting; false when it had none.</summary>
    public async Task<bool> DeleteAsync(string category, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM category_limits WHERE category = $category;";
        command.Parameters.AddWithValue("$category", category);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private static double? Number(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}

/// <summary>A food category's limits as an admin stored them, with who and when.</summary>
public sealed record CategoryLimitSetting(string Category, TighterLimits Limits, DateTimeOffset UpdatedAt, string UpdatedBy);
