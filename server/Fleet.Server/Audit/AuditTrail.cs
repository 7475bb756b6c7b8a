using System.Data.Common;
using Fleet.Server.Storage;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Audit;

/// <summary>
/// The audit trail: the one way entries are written (<see cref="RecordAsync"/>), read and verified.
/// Writes are serialised (in process by a lock, across connections by an immediate transaction
/// that reads the chain's head and appends after it), so every entry names the hash of the one
/// before. Each write is committed with a full fsync before <see cref="RecordAsync"/> returns, so
/// an endpoint that awaits it answers only once its entry is durable.
/// </summary>
public sealed class AuditTrail(FleetDatabase database, TimeProvider time, AuditMetrics metrics, ILogger<AuditTrail> logger)
{
    private const string Columns = "seq, at, actor, actor_role, client_address, action, target_kind, target_id, platform, region, before, after, previous_hash, hash";

    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Appends <paramref name="entry"/> and returns it as stored, with its sequence, time and hash.</summary>
    /// <remarks>
    /// It takes no cancellation token on purpose: it is called after the action is done, and that
    /// action's record must follow even when the caller has gone away.
    /// </remarks>
    public async Task<StoredAuditEntry> RecordAsync(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (await RecordAllAsync([entry]).ConfigureAwait(false))[0];
    }

    /// <summary>Appends several entries in order, in one transaction (one fsync): all or none.</summary>
    public async Task<IReadOnlyList<StoredAuditEntry>> RecordAllAsync(IReadOnlyList<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }

        var none = CancellationToken.None;
        await _writer.WaitAsync(none).ConfigureAwait(false);
        try
        {
            await using var connection = database.Open();
            // BEGIN IMMEDIATE: the write lock is taken before the head is read, so no other
            // connection can append between reading the head and appending after it.
            await using var transaction = connection.BeginTransaction(deferred: false);
            long previousSequence = 0;
            var previousHash = AuditCanonicalForm.GenesisHash;
            await using (var head = connection.CreateCommand())
            {
                head.Transaction = transaction;
                head.CommandText = "SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1;";
                await using var reader = await head.ExecuteReaderAsync(none).ConfigureAwait(false);
                if (await reader.ReadAsync(none).ConfigureAwait(false))
                {
                    previousSequence = reader.GetInt64(0);
                    previousHash = reader.GetString(1);
                }
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var stored = new List<StoredAuditEntry>(entries.Count);
            foreach (var entry in entries)
            {
                var unhashed = new StoredAuditEntry(
                    ++previousSequence,
                    now,
                    entry.Actor.Name,
                    entry.Actor.Role,
                    entry.Actor.ClientAddress,
                    entry.Action,
                    entry.Target?.Kind,
                    entry.Target?.Id,
                    entry.Platform,
                    entry.Region,
                    entry.Before,
                    entry.After,
                    previousHash,
                    "");
                var hashed = unhashed with { Hash = AuditCanonicalForm.Hash(unhashed) };
                await InsertAsync(connection, transaction, hashed).ConfigureAwait(false);
                stored.Add(hashed);
                previousHash = hashed.Hash;
            }

            await transaction.CommitAsync(none).ConfigureAwait(false);
            foreach (var entry in stored)
            {
                metrics.Recorded(entry.Action);
                AuditLog.Recorded(logger, entry.Sequence, entry.Action, entry.Actor, entry.TargetKind is null ? "-" : $"{entry.TargetKind}/{entry.TargetId}");
            }

            return stored;
        }
        catch (Exception exception)
        {
            AuditLog.RecordFailed(logger, entries[0].Action, entries[0].Actor.Name, exception);
            throw;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, StoredAuditEntry stored)
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

    /// <summary>Entries matching <paramref name="query"/> within <paramref name="scope"/>, newest first, one page.</summary>
    public async Task<AuditPage> QueryAsync(AuditQuery query, AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM audit_trail
            WHERE ($from IS NULL OR at >= $from) AND ($to IS NULL OR at <= $to)
              AND ($action IS NULL OR action = $action)
              AND ($kind IS NULL OR target_kind = $kind) AND ($id IS NULL OR target_id = $id)
              AND ($actor IS NULL OR actor = $actor)
              AND ($cursor IS NULL OR seq < $cursor)
              AND {scope.SqlCondition(command)}
            ORDER BY seq DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$from", Nullable(query.From?.ToUnixTimeMilliseconds()));
        command.Parameters.AddWithValue("$to", Nullable(query.To?.ToUnixTimeMilliseconds()));
        command.Parameters.AddWithValue("$action", Nullable(query.Action));
        command.Parameters.AddWithValue("$kind", Nullable(query.TargetKind));
        command.Parameters.AddWithValue("$id", Nullable(query.TargetId));
        command.Parameters.AddWithValue("$actor", Nullable(query.Actor));
        command.Parameters.AddWithValue("$cursor", Nullable(query.BeforeSequence));
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        var entries = new List<StoredAuditEntry>(Math.Min(query.Limit + 1, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(Read(reader));
        }

        if (entries.Count <= query.Limit)
        {
            return new AuditPage(entries, null);
        }

        entries.RemoveAt(entries.Count - 1);
        return new AuditPage(entries, entries[^1].Sequence);
    }

    /// <summary>
    /// Recomputes the whole chain, oldest first, and stops at the first entry that does not hold:
    /// a sequence gap (deleted entries), a previous hash that is not its predecessor's hash, or a
    /// hash that is not its content's. Also notices entries cut off the end (SQLite's record of
    /// the highest sequence ever used is past the last entry) and missing append-only triggers.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        // One read transaction: a consistent snapshot while writers carry on.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var isProtected = await CountTriggersAsync(connection, transaction, cancellationToken).ConfigureAwait(false) == 2;
        long checkedCount = 0;
        long expected = 1;
        var previousHash = AuditCanonicalForm.GenesisHash;
        StoredAuditEntry? last = null;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {Columns} FROM audit_trail ORDER BY seq;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = Read(reader);
                checkedCount++;
                var problem = entry.Sequence != expected
                    ? expected == entry.Sequence - 1
                        ? $"entry {expected} is missing: deleted"
                        : $"entries {expected} to {entry.Sequence - 1} are missing: deleted"
                    : entry.PreviousHash != previousHash
                        ? $"entry {entry.Sequence} does not carry the hash of entry {entry.Sequence - 1}: one of them was changed"
                        : AuditCanonicalForm.Hash(entry) != entry.Hash
                            ? $"entry {entry.Sequence} does not match its hash: its content was changed"
                            : null;
                if (problem is not null)
                {
                    AuditLog.ChainBroken(logger, entry.Sequence, problem);
                    return new AuditVerification(false, checkedCount, last?.Sequence, last?.Hash, entry.Sequence, problem, isProtected, time.GetUtcNow());
                }

                last = entry;
                previousHash = entry.Hash;
                expected++;
            }
        }

        var highestUsed = await HighestSequenceUsedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (highestUsed > (last?.Sequence ?? 0))
        {
            var problem = $"entries {(last?.Sequence ?? 0) + 1} to {highestUsed} were written and are gone: the end of the trail was deleted";
            AuditLog.ChainBroken(logger, (last?.Sequence ?? 0) + 1, problem);
            return new AuditVerification(false, checkedCount, last?.Sequence, last?.Hash, (last?.Sequence ?? 0) + 1, problem, isProtected, time.GetUtcNow());
        }

        return new AuditVerification(true, checkedCount, last?.Sequence, last?.Hash, null, isProtected ? null : "the append-only triggers are missing", isProtected, time.GetUtcNow());
    }

    private static async Task<long> CountTriggersAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_trail_no_update', 'audit_trail_no_delete');";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<long> HighestSequenceUsedAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'audit_trail'), 0);";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static object Nullable(object? value) => value ?? DBNull.Value;

    private static StoredAuditEntry Read(DbDataReader r) => new(
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
