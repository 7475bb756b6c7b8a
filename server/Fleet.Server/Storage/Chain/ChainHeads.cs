using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage.Chain;

/// <summary>
/// The newest link of every box, kept in memory for the single writer and loaded from chain_links
/// at start. A group commit works on pending heads, which become the heads only once its
/// transaction committed, so a failed commit leaves no gap in any chain.
/// </summary>
internal sealed class ChainHeads
{
    private readonly ConcurrentDictionary<string, ChainHead> _heads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChainHead> _pending = new(StringComparer.Ordinal);

    public int Count => _heads.Count;

    public void Load(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT box_id, seq, link_hash FROM chain_links
            WHERE (box_id, seq) IN (SELECT box_id, max(seq) FROM chain_links GROUP BY box_id);
            """;
        using var reader = command.ExecuteReader();
        _heads.Clear();
        while (reader.Read())
        {
            _heads[reader.GetString(0)] = new ChainHead(reader.GetInt64(1), reader.GetString(2));
        }
    }

    /// <summary>The head as the commit in progress sees it.</summary>
    public ChainHead Current(string boxId) =>
        _pending.TryGetValue(boxId, out var pending) ? pending : _heads.TryGetValue(boxId, out var head) ? head : ChainHead.Empty;

    public void SetPending(string boxId, ChainHead head) => _pending[boxId] = head;

    /// <summary>The commit went through: its links are the heads now.</summary>
    public void Publish()
    {
        foreach (var (boxId, head) in _pending)
        {
            _heads[boxId] = head;
        }

        _pending.Clear();
    }

    /// <summary>The commit failed: forget its links.</summary>
    public void Discard() => _pending.Clear();
}
