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

        await _writer.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await using var connection = database.Open();
            // BEGIN IMMEDIATE: the write lock is taken before the head is read, so no other
            // connection can append between reading the head and appending after it.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var stored = await AppendAsync(connection, transaction, entries).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            Announce(stored);
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

    /// <summary>
    /// Appends entries inside the caller's transaction, so they commit or roll back with the change
    /// they record (the retention purge deletes and records in one commit). The transaction must be
    /// immediate (<c>BeginTransaction(deferred: false)</c>) on a connection from <see cref="FleetDatabase.Open"/>:
    /// its write lock is what keeps the chain's head from moving meanwhile.
    /// </summary>
    public async Task<IReadOnlyList<StoredAuditEntry>> RecordWithinAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var stored = await AppendAsync(connection, transaction, entries).ConfigureAwait(false);
        Announce(stored);
        return stored;
    }

    private async Task<IReadOnlyList<StoredAuditEntry>> AppendAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AuditEntry> entries)
    {
        long previousSequence = 0;
        var previousHash = AuditCanonicalForm.GenesisHash;
        await using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1;";
            await using var reader = await head.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            if (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
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
            await AuditRows.InsertAsync(connection, transaction, hashed).ConfigureAwait(false);
            stored.Add(hashed);
            previousHash = hashed.Hash;
        }

        return stored;
    }

    private void Announce(IReadOnlyList<StoredAuditEntry> stored)
    {
        foreach (var entry in stored)
        {
            metrics.Recorded(entry.Action);
            AuditLog.Recorded(logger, entry.Sequence, entry.Action, entry.Actor, entry.TargetKind is null ? "-" : $"{entry.TargetKind}/{entry.TargetId}");
        }
    }

    /// <summary>Entries matching <paramref name="query"/> within <paramref name="scope"/>, newest first, one page.</summary>
    public async Task<AuditPage> QueryAsync(AuditQuery query, AuditScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {AuditRows.Columns} FROM audit_trail
            WHERE ($from IS NULL OR at >= $from) AND ($to IS NULL OR at <= $to)
              AND ($action IS NULL OR action = $action)
              AND ($kind IS NULL OR target_kind = $kind) AND ($id IS NULL OR target_id = $id)
              AND ($actor IS NULL OR actor = $actor)
              AND ($cursor IS NULL OR seq < $cursor)
              AND {scope.SqlCondition(command)}
            ORDER BY seq DESC
            LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$from", AuditRows.Nullable(query.From?.ToUnixTimeMilliseconds()));
        command.Parameters.AddWithValue("$to", AuditRows.Nullable(query.To?.ToUnixTimeMilliseconds()));
        command.Parameters.AddWithValue("$action", AuditRows.Nullable(query.Action));
        command.Parameters.AddWithValue("$kind", AuditRows.Nullable(query.TargetKind));
        command.Parameters.AddWithValue("$id", AuditRows.Nullable(query.TargetId));
        command.Parameters.AddWithValue("$actor", AuditRows.Nullable(query.Actor));
        command.Parameters.AddWithValue("$cursor", AuditRows.Nullable(query.BeforeSequence));
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        var entries = new List<StoredAuditEntry>(Math.Min(query.Limit + 1, 256));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(AuditRows.Read(reader));
        }

        if (entries.Count <= query.Limit)
        {
            return new AuditPage(entries, null);
        }

        entries.RemoveAt(entries.Count - 1);
        return new AuditPage(entries, entries[^1].Sequence);
    }

    /// <summary>
    /// Recomputes the whole chain on one consistent snapshot while writers carry on; see
    /// <see cref="AuditChainCheck"/> for what it notices.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var transaction = connection.BeginTransaction(deferred: true);
        var result = await AuditChainCheck.RunAsync(connection, transaction, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!result.Intact)
        {
            AuditLog.ChainBroken(logger, result.FirstBrokenSequence ?? 0, result.Problem ?? "");
        }

        return result;
    }
}
