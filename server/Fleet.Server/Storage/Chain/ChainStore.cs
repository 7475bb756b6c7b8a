using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage.Chain;

/// <summary>Reads the chain_links and chain_anchors tables of fleet.db.</summary>
public sealed class ChainStore(FleetDatabase database)
{
    private const string Columns = "box_id, seq, records, first_t, last_t, stored_at, content_hash, prev_hash, link_hash";

    /// <summary>Links <paramref name="fromSeq"/>…<paramref name="toSeq"/> of a box, in order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ChainLink>> LinksAsync(string boxId, long fromSeq, long toSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM chain_links WHERE box_id = $box AND seq >= $from AND seq <= $to ORDER BY seq LIMIT $limit;";
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$from", fromSeq);
        command.Parameters.AddWithValue("$to", toSeq);
        command.Parameters.AddWithValue("$limit", limit);
        return await ListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Links holding records with device time in [from, to]: those whose span overlaps the window.</summary>
    public async Task<IReadOnlyList<ChainLink>> CoveringAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM chain_links WHERE box_id = $box AND last_t >= $from AND first_t <= $to ORDER BY seq;";
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$from", fromMs);
        command.Parameters.AddWithValue("$to", toMs);
        return await ListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest link of a box, or <see cref="ChainHead.Empty"/> when it has none.</summary>
    public async Task<ChainHead> HeadAsync(string boxId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, link_hash FROM chain_links WHERE box_id = $box ORDER BY seq DESC LIMIT 1;";
        command.Parameters.AddWithValue("$box", boxId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new ChainHead(reader.GetInt64(0), reader.GetString(1)) : ChainHead.Empty;
    }

    /// <summary>The oldest link a box still has, or null.</summary>
    public async Task<long?> FirstSeqAsync(string boxId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(seq) FROM chain_links WHERE box_id = $box;";
        command.Parameters.AddWithValue("$box", boxId);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is long seq ? seq : null;
    }

    /// <summary>The anchor a purge recorded for link <paramref name="seq"/>: the hash its previous link had.</summary>
    public async Task<ChainAnchor?> AnchorAsync(string boxId, long seq, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, anchor_hash, purged_links, purged_at FROM chain_anchors WHERE box_id = $box AND seq = $seq;";
        command.Parameters.AddWithValue("$box", boxId);
        command.Parameters.AddWithValue("$seq", seq);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ChainAnchor(boxId, reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3))
            : null;
    }

    private static async Task<IReadOnlyList<ChainLink>> ListAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var links = new List<ChainLink>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            links.Add(Read(reader));
        }

        return links;
    }

    private static ChainLink Read(DbDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetString(6), r.GetString(7), r.GetString(8));
}
