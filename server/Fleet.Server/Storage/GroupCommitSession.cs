using Fleet.Server.Storage.Chain;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage;

/// <summary>
/// The writer's connection with its two prepared INSERT OR IGNORE statements, and the chain
/// appender that links the new records in the same transaction: one link per box and commit, so
/// a box whose publishes arrive together (a deep window, a replayed backlog) pays for one link,
/// not one per publish.
/// </summary>
internal sealed class GroupCommitSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertReading;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteParameter _rBox, _rChannel, _rTime, _rValue, _rReceived, _rLink;
    private readonly SqliteParameter _eBox, _eName, _eTime, _eValue, _eReceived, _eLink;
    private readonly ChainHeads _heads;
    private readonly ChainAppender _chain;
    private readonly Dictionary<string, PendingLink> _linkOfBox = new(StringComparer.Ordinal);
    private readonly List<PendingLink> _links = [];

    public GroupCommitSession(SqliteConnection connection, ChainHeads heads)
    {
        _connection = connection;
        _heads = heads;
        _chain = new ChainAppender(connection, heads);
        _insertReading = connection.CreateCommand();
        _insertReading.CommandText = "INSERT OR IGNORE INTO readings(box_id, channel, t, value, received_at, link) VALUES ($b, $c, $t, $v, $r, $k);";
        _rBox = _insertReading.Parameters.Add("$b", SqliteType.Text);
        _rChannel = _insertReading.Parameters.Add("$c", SqliteType.Text);
        _rTime = _insertReading.Parameters.Add("$t", SqliteType.Integer);
        _rValue = _insertReading.Parameters.Add("$v", SqliteType.Real);
        _rReceived = _insertReading.Parameters.Add("$r", SqliteType.Integer);
        _rLink = _insertReading.Parameters.Add("$k", SqliteType.Integer);

        _insertEvent = connection.CreateCommand();
        _insertEvent.CommandText = "INSERT OR IGNORE INTO events(box_id, name, t, value, received_at, link) VALUES ($b, $n, $t, $v, $r, $k);";
        _eBox = _insertEvent.Parameters.Add("$b", SqliteType.Text);
        _eName = _insertEvent.Parameters.Add("$n", SqliteType.Text);
        _eTime = _insertEvent.Parameters.Add("$t", SqliteType.Integer);
        _eValue = _insertEvent.Parameters.Add("$v", SqliteType.Text);
        _eReceived = _insertEvent.Parameters.Add("$r", SqliteType.Integer);
        _eLink = _insertEvent.Parameters.Add("$k", SqliteType.Integer);
    }

    /// <summary>Writes all requests in one transaction; the result for each request lists its new records.</summary>
    public StoredBatch[] Commit(List<WriteRequest> requests)
    {
        try
        {
            var results = CommitLinked(requests);
            _heads.Publish();
            return results;
        }
        catch
        {
            _heads.Discard();
            throw;
        }
    }

    private StoredBatch[] CommitLinked(List<WriteRequest> requests)
    {
        var results = new StoredBatch[requests.Count];
        using var transaction = _connection.BeginTransaction();
        _insertReading.Transaction = transaction;
        _insertEvent.Transaction = transaction;
        _chain.Transaction = transaction;
        _linkOfBox.Clear();
        _links.Clear();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var duplicates = 0;
            // The link number is known before the inserts; it is used only if something new is stored.
            if (!_linkOfBox.TryGetValue(request.BoxId, out var link))
            {
                link = new PendingLink(request.BoxId, _chain.NextSeq(request.BoxId));
                _linkOfBox.Add(request.BoxId, link);
                _links.Add(link);
            }

            _rLink.Value = link.Seq;
            _eLink.Value = link.Seq;
            List<Reading>? newReadings = null;
            for (var r = 0; r < request.Readings.Count; r++)
            {
                var reading = request.Readings[r];
                _rBox.Value = reading.BoxId;
                _rChannel.Value = reading.Channel;
                _rTime.Value = reading.DeviceTimeMs;
                _rValue.Value = reading.Value;
                _rReceived.Value = reading.ReceivedAtMs;
                if (_insertReading.ExecuteNonQuery() == 1)
                {
                    (newReadings ??= new List<Reading>(request.Readings.Count)).Add(reading);
                }
                else
                {
                    duplicates++;
                }
            }

            List<BoxEvent>? newEvents = null;
            for (var e = 0; e < request.Events.Count; e++)
            {
                var boxEvent = request.Events[e];
                _eBox.Value = boxEvent.BoxId;
                _eName.Value = boxEvent.Name;
                _eTime.Value = boxEvent.DeviceTimeMs;
                _eValue.Value = boxEvent.Value;
                _eReceived.Value = boxEvent.ReceivedAtMs;
                if (_insertEvent.ExecuteNonQuery() == 1)
                {
                    (newEvents ??= new List<BoxEvent>(request.Events.Count)).Add(boxEvent);
                }
                else
                {
                    duplicates++;
                }
            }

            link.Add(newReadings, newEvents);
            results[i] = new StoredBatch(
                request.BoxId,
                newReadings ?? StoredBatch.NoReadings,
                newEvents ?? StoredBatch.NoEvents,
                duplicates);
        }

        foreach (var link in _links)
        {
            if (link.HasRecords)
            {
                _chain.Append(link.BoxId, link.Seq, link.Readings, link.Events);
            }
        }

        transaction.Commit();
        return results;
    }

    public void Dispose()
    {
        _insertReading.Dispose();
        _insertEvent.Dispose();
        _chain.Dispose();
        _connection.Dispose();
    }
}
