using Microsoft.Data.Sqlite;

namespace Fleet.Server.Audit;

/// <summary>
/// Recomputes the audit trail's hash chain, oldest first, and stops at the first entry that does
/// not hold: a sequence gap (entries deleted), a previous hash that is not its predecessor's hash,
/// or a hash that is not its content's. It also notices entries cut off the end (SQLite's record
/// of the highest sequence ever used is past the last entry) and missing append-only triggers.
/// docs/verify-audit.py does the same without Fleet's code.
/// </summary>
internal static class AuditChainCheck
{
    public static async Task<AuditVerification> RunAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var isProtected = await ScalarAsync(connection, transaction,
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_trail_no_update', 'audit_trail_no_delete');", cancellationToken).ConfigureAwait(false) == 2;
        long checkedCount = 0;
        var previousHash = AuditCanonicalForm.GenesisHash;
        StoredAuditEntry? last = null;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {AuditRows.Columns} FROM audit_trail ORDER BY seq;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = AuditRows.Read(reader);
                checkedCount++;
                if (ProblemWith(entry, (last?.Sequence ?? 0) + 1, previousHash) is { } problem)
                {
                    return new AuditVerification(false, checkedCount, last?.Sequence, last?.Hash, entry.Sequence, problem, isProtected, now);
                }

                last = entry;
                previousHash = entry.Hash;
            }
        }

        var lastSequence = last?.Sequence ?? 0;
        var highestUsed = await ScalarAsync(connection, transaction,
            "SELECT ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'audit_trail'), 0);", cancellationToken).ConfigureAwait(false);
        if (highestUsed > lastSequence)
        {
            var problem = $"entries {lastSequence + 1} to {highestUsed} were written and are gone: the end of the trail was deleted";
            return new AuditVerification(false, checkedCount, last?.Sequence, last?.Hash, lastSequence + 1, problem, isProtected, now);
        }

        return new AuditVerification(true, checkedCount, last?.Sequence, last?.Hash, null, isProtected ? null : "the append-only triggers are missing", isProtected, now);
    }

    /// <summary>What is wrong with <paramref name="entry"/> where entry <paramref name="expectedSequence"/> should follow a hash of <paramref name="previousHash"/>; null when nothing.</summary>
    private static string? ProblemWith(StoredAuditEntry entry, long expectedSequence, string previousHash)
    {
        if (entry.Sequence != expectedSequence)
        {
            return entry.Sequence == expectedSequence + 1
                ? $"entry {expectedSequence} is missing: deleted"
                : $"entries {expectedSequence} to {entry.Sequence - 1} are missing: deleted";
        }

        if (entry.PreviousHash != previousHash)
        {
            return $"entry {entry.Sequence} does not carry the hash of entry {entry.Sequence - 1}: one of them was changed";
        }

        return AuditCanonicalForm.Hash(entry) != entry.Hash
            ? $"entry {entry.Sequence} does not match its hash: its content was changed"
            : null;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
