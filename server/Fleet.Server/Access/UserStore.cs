using System.Data.Common;
using Fleet.Server.Storage;

namespace Fleet.Server.Access;

/// <summary>The users and api_tokens tables. Validation lives in <see cref="UserAdministration"/>.</summary>
public sealed class UserStore(FleetDatabase database)
{
    private const string UserColumns = "name, role, platform, regions, disabled, created_at, password_hash";
    private const string TokenColumns = "id, user_name, name, created_at, expires_at, revoked_at";

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM users;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Adds a user; false when the name is taken.</summary>
    public async Task<bool> InsertAsync(FleetUser user, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users(name, password_hash, role, platform, regions, disabled, created_at, updated_at)
            VALUES ($name, $hash, $role, $platform, $regions, $disabled, $now, $now) ON CONFLICT DO NOTHING;
            """;
        command.Parameters.AddWithValue("$name", user.Name);
        command.Parameters.AddWithValue("$hash", passwordHash);
        command.Parameters.AddWithValue("$role", user.Role);
        command.Parameters.AddWithValue("$platform", (object?)user.Platform ?? DBNull.Value);
        command.Parameters.AddWithValue("$regions", string.Join(',', user.Regions));
        command.Parameters.AddWithValue("$disabled", user.Disabled ? 1 : 0);
        command.Parameters.AddWithValue("$now", user.CreatedAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>The user and their password hash, or null.</summary>
    public async Task<(FleetUser User, string PasswordHash)?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {UserColumns} FROM users WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (ReadUser(reader), reader.GetString(6)) : null;
    }

    public async Task<IReadOnlyList<FleetUser>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {UserColumns} FROM users ORDER BY name;";
        var users = new List<FleetUser>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            users.Add(ReadUser(reader));
        }

        return users;
    }

    /// <summary>Replaces role, scope and disabled flag (and the password hash when given); false when unknown.</summary>
    public async Task<bool> UpdateAsync(FleetUser user, string? passwordHash, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE users SET role = $role, platform = $platform, regions = $regions, disabled = $disabled,
                password_hash = coalesce($hash, password_hash), updated_at = $now
            WHERE name = $name;
            """;
        command.Parameters.AddWithValue("$name", user.Name);
        command.Parameters.AddWithValue("$role", user.Role);
        command.Parameters.AddWithValue("$platform", (object?)user.Platform ?? DBNull.Value);
        command.Parameters.AddWithValue("$regions", string.Join(',', user.Regions));
        command.Parameters.AddWithValue("$disabled", user.Disabled ? 1 : 0);
        command.Parameters.AddWithValue("$hash", (object?)passwordHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", nowMs);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<ApiTokenInfo> InsertTokenAsync(string tokenHash, string userName, string name, long createdMs, long? expiresMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO api_tokens(token_hash, user_name, name, created_at, expires_at)
            VALUES ($hash, $user, $name, $created, $expires) RETURNING {TokenColumns};
            """;
        command.Parameters.AddWithValue("$hash", tokenHash);
        command.Parameters.AddWithValue("$user", userName);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$created", createdMs);
        command.Parameters.AddWithValue("$expires", (object?)expiresMs ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ReadToken(reader, 0);
    }

    /// <summary>The token with this hash and its owner, or null.</summary>
    public async Task<(ApiTokenInfo Token, FleetUser Owner)?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.name, u.role, u.platform, u.regions, u.disabled, u.created_at, u.password_hash,
                   t.id, t.user_name, t.name, t.created_at, t.expires_at, t.revoked_at
            FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE t.token_hash = $hash;
            """;
        command.Parameters.AddWithValue("$hash", tokenHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (ReadToken(reader, 7), ReadUser(reader)) : null;
    }

    /// <summary>Every token, or those of one user, newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string? userName, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {TokenColumns} FROM api_tokens WHERE $user IS NULL OR user_name = $user ORDER BY id DESC;";
        command.Parameters.AddWithValue("$user", (object?)userName ?? DBNull.Value);
        var tokens = new List<ApiTokenInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tokens.Add(ReadToken(reader, 0));
        }

        return tokens;
    }

    /// <summary>Revokes a token (once: the first revocation's time stays); null when there is no such token.</summary>
    public async Task<ApiTokenInfo?> RevokeTokenAsync(long id, long nowMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $now) WHERE id = $id RETURNING {TokenColumns};";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", nowMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadToken(reader, 0) : null;
    }

    private static FleetUser ReadUser(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
        r.GetInt64(4) != 0,
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));

    private static ApiTokenInfo ReadToken(DbDataReader r, int first) => new(
        r.GetInt64(first),
        r.GetString(first + 1),
        r.GetString(first + 2),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 3)),
        r.IsDBNull(first + 4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 4)),
        r.IsDBNull(first + 5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 5)));
}
