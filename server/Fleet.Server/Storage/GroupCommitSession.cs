using Microsoft.Data.Sqlite;

namespace Fleet.Server.Storage;

/// <summary>The writer's connection with its two prepared INSERT OR IGNORE statements.</summary>
internal sealed class GroupCommitSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertReading;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteParameter _rBox, _rChannel, _rTime, _rValue, _rReceived;
    private readonly SqliteParameter _eBox, _eName, _eTime, _eValue, _eReceived;

    public GroupCommitSession(SqliteConnection connection)
    {
        _connection = connection;
        _insertReading = connection.CreateCommand();
        _insertReading.CommandText = "INSERT OR IGNORE INTO readings(box_id, channel, t, value, received_at) VALUES ($b, $c, $t, $v, $r);";
        _rBox = _insertReading.Parameters.Add("$b", SqliteType.Text);
        _rChannel = _insertReading.Parameters.Add("$c", SqliteType.Text);
        _rTime = _insertReading.Parameters.Add("$t", SqliteType.Integer);
        _rValue = _insertReading.Parameters.Add("$v", SqliteType.Real);
        _rReceived = _insertReading.Parameters.Add("$r", SqliteType.Integer);

        _insertEvent = connection.CreateCommand();
        _insertEvent.CommandText = "INSERT OR IGNORE INTO events(box_id, name, t, value, received_at) VALUES ($b, $n, $t, $v, $r);";
        _eBox = _insertEvent.Parameters.Add("$b", SqliteType.Text);
        _eName = _insertEvent.Parameters.Add("$n", SqliteType.Text);
        _eTime = _insertEvent.Parameters.Add("$t", SqliteType.Integer);
        _eValue = _insertEvent.Parameters.Add("$v", SqliteType.Text);
        _eReceived = _insertEvent.Parameters.Add("$r", SqliteType.Integer);
    }

    /// <summary>Writes all requests in one transaction; the result for each request lists its new records.</summary>
    public StoredBatch[] Commit(List<WriteRequest> requests)
    {
        var results = new StoredBatch[requests.Count];
        using var transaction = _connection.BeginTransaction();
        _insertReading.Transaction = transaction;
        _insertEvent.Transaction = transaction;
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var duplicates = 0;
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

            results[i] = new StoredBatch(
                request.BoxId,
                newReadings ?? StoredBatch.NoReadings,
                newEvents ?? StoredBatch.NoEvents,
                duplicates);
        }

        transaction.Commit();
        return results;
    }

    public void Dispose()
    {
        _insertReading.Dispose();
        _insertEvent.Dispose();
        _connection.Dispose();
    }
}
