using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage.Chain;

/// <summary>
/// Adds links to chain_links on the writer's path: one prepared INSERT per stored batch, in the
/// transaction that stores (SQLite) or spools (InfluxDB) its records, hashed in memory from the
/// last head, so the chain costs no extra fsync and no extra round trip.
/// </summary>
internal sealed class ChainAppender : IDisposable
{
    private readonly ChainHeads _heads;
    private readonly SqliteCommand _insert;

    public ChainAppender(SqliteConnection connection, ChainHeads heads)
    {
        _heads = heads;
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO chain_links(box_id, seq, records, first_t, last_t, stored_at, content_hash, prev_hash, link_hash)
            VALUES ($b, $s, $n, $f, $l, $at, $c, $p, $h);
            """;
        foreach (var name in (string[])["$b", "$s", "$n", "$f", "$l", "$at", "$c", "$p", "$h"])
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public SqliteTransaction? Transaction
    {
        get => _insert.Transaction;
        set => _insert.Transaction = value;
    }

    /// <summary>The number the next link of this box will get; records stored now carry it.</summary>
    public long NextSeq(string boxId) => _heads.Current(boxId).Seq + 1;

    /// <summary>Links the records a request stored (none may be a duplicate) as link <paramref name="seq"/>.</summary>
    public ChainLink Append(string boxId, long seq, IReadOnlyList<Reading> readings, IReadOnlyList<BoxEvent> events)
    {
        var previous = _heads.Current(boxId);
        long first = long.MaxValue, last = long.MinValue, storedAt = 0;
        for (var i = 0; i < readings.Count; i++)
        {
            Span(readings[i].DeviceTimeMs, readings[i].ReceivedAtMs, ref first, ref last, ref storedAt);
        }

        for (var i = 0; i < events.Count; i++)
        {
            Span(events[i].DeviceTimeMs, events[i].ReceivedAtMs, ref first, ref last, ref storedAt);
        }

        var content = ChainCanonical.ContentHash(readings, events);
        var link = new ChainLink(boxId, seq, readings.Count + events.Count, first, last, storedAt, content, previous.Hash,
            ChainCanonical.LinkHash(boxId, seq, previous.Hash, content));
        var p = _insert.Parameters;
        p[0].Value = boxId;
        p[1].Value = seq;
        p[2].Value = link.Records;
        p[3].Value = first;
        p[4].Value = last;
        p[5].Value = storedAt;
        p[6].Value = content;
        p[7].Value = previous.Hash;
        p[8].Value = link.LinkHash;
        _insert.ExecuteNonQuery();
        _heads.SetPending(boxId, new ChainHead(seq, link.LinkHash));
        return link;
    }

    public void Dispose() => _insert.Dispose();

    private static void Span(long deviceTime, long receivedAt, ref long first, ref long last, ref long storedAt)
    {
        first = Math.Min(first, deviceTime);
        last = Math.Max(last, deviceTime);
        storedAt = Math.Max(storedAt, receivedAt);
    }
}
