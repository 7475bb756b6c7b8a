using Fleet.Server.Audit;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage.Chain;

/// <summary>
/// Removes a box's oldest links together with their readings and events (from fleet.db), so what
/// remains still verifies: only a run of links from the start of what is left, whose records are
/// all older than the cutoff, and never the newest link. The first remaining link becomes the
/// anchor, and the purge records the hash it names in chain_anchors, and in the audit trail
/// (retention.purged by system, target box/{id}, with the anchor) in the same transaction: no
/// readings go without their record.
/// </summary>
public sealed class ChainPurge(FleetDatabase database, AuditTrail audit, TimeProvider time)
{
    /// <summary>Purges, in every box, the links whose records all have device time before <paramref name="cutoffMs"/>; returns the anchors recorded.</summary>
    public async Task<IReadOnlyList<ChainAnchor>> PurgeBeforeAsync(long cutoffMs, CancellationToken cancellationToken)
    {
        var anchors = new List<ChainAnchor>();
        foreach (var boxId in await BoxesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await PurgeBoxAsync(boxId, cutoffMs, cancellationToken).ConfigureAwait(false) is { } anchor)
            {
                anchors.Add(anchor);
            }
        }

        return anchors;
    }

    /// <summary>Purges one box's links before the cutoff; null when nothing could go.</summary>
    public async Task<ChainAnchor?> PurgeBoxAsync(string boxId, long cutoffMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        // Immediate: the audit trail appends inside it, and its write lock keeps the trail's head still.
        await using var transaction = connection.BeginTransaction(deferred: false);
        // The first link that must stay: the first one holding a record at or after the cutoff, or the head.
        var keepFrom = (long?)await ScalarAsync(connection, transaction, """
            SELECT min(seq) FROM chain_links WHERE box_id = $box
              AND (last_t >= $cutoff OR seq = (SELECT max(seq) FROM chain_links WHERE box_id = $box));
            """, boxId, cutoffMs, cancellationToken).ConfigureAwait(false);
        var firstSeq = (long?)await ScalarAsync(connection, transaction, "SELECT min(seq) FROM chain_links WHERE box_id = $box;", boxId, 0, cancellationToken).ConfigureAwait(false);
        if (keepFrom is null || firstSeq is null || keepFrom <= firstSeq)
        {
            return null;
        }

        var anchorHash = (string?)await ScalarAsync(connection, transaction, "SELECT prev_hash FROM chain_links WHERE box_id = $box AND seq = $cutoff;", boxId, keepFrom.Value, cancellationToken).ConfigureAwait(false);
        await ScalarAsync(connection, transaction, "DELETE FROM readings WHERE box_id = $box AND link < $cutoff;", boxId, keepFrom.Value, cancellationToken).ConfigureAwait(false);
        await ScalarAsync(connection, transaction, "DELETE FROM events WHERE box_id = $box AND link < $cutoff;", boxId, keepFrom.Value, cancellationToken).ConfigureAwait(false);
        await ScalarAsync(connection, transaction, "DELETE FROM chain_links WHERE box_id = $box AND seq < $cutoff;", boxId, keepFrom.Value, cancellationToken).ConfigureAwait(false);
        var anchor = new ChainAnchor(boxId, keepFrom.Value, anchorHash!, keepFrom.Value - firstSeq.Value, time.GetUtcNow().ToUnixTimeMilliseconds());
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR REPLACE INTO chain_anchors(box_id, seq, anchor_hash, purged_links, purged_at) VALUES ($box, $seq, $hash, $n, $at);";
            insert.Parameters.AddWithValue("$box", boxId);
            insert.Parameters.AddWithValue("$seq", anchor.Seq);
            insert.Parameters.AddWithValue("$hash", anchor.AnchorHash);
            insert.Parameters.AddWithValue("$n", anchor.PurgedLinks);
            insert.Parameters.AddWithValue("$at", anchor.PurgedAtMs);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var platform = (string?)await ScalarAsync(connection, transaction, "SELECT platform FROM boxes WHERE box_id = $box;", boxId, 0, cancellationToken).ConfigureAwait(false);
        await audit.RecordWithinAsync(connection, transaction, [Describe(anchor, platform)]).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return anchor;
    }

    /// <summary>The purge's audit entry: the links that went and the anchor the chain now verifies from.</summary>
    private static AuditEntry Describe(ChainAnchor anchor, string? platform) => AuditEntry.Change(
        AuditActions.RetentionPurged,
        AuditActor.System,
        new AuditTarget(AuditTarget.Box, anchor.BoxId),
        new { anchor.BoxId, firstLink = anchor.Seq - anchor.PurgedLinks, lastLink = anchor.Seq - 1 },
        new { anchor.BoxId, anchorSeq = anchor.Seq, anchor.AnchorHash, anchor.PurgedLinks, purgedAt = DateTimeOffset.FromUnixTimeMilliseconds(anchor.PurgedAtMs) },
        platform);

    private async Task<IReadOnlyList<string>> BoxesAsync(CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT box_id FROM chain_links;";
        var boxes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            boxes.Add(reader.GetString(0));
        }

        return boxes;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, string boxId, long cutoff, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$cutoff", cutoff);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
