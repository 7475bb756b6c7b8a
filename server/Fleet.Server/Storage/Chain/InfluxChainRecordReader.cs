using System.Globalization;
using System.Text.Json;
using Fleet.Server.Storage.Influx;

namespace Fleet.Server.Storage.Chain;

/// <summary>Records and their links from InfluxDB, where each point carries its link as the integer field link.</summary>
public sealed class InfluxChainRecordReader(InfluxReadingStore store) : IChainRecordReader
{
    public Task<LinkedRecords> ByLinksAsync(string boxId, long fromSeq, long toSeq, long firstDeviceTimeMs, long lastDeviceTimeMs, CancellationToken cancellationToken) =>
        ReadAsync(boxId, string.Create(CultureInfo.InvariantCulture, $"link >= {fromSeq} AND link <= {toSeq} AND time >= {firstDeviceTimeMs}ms AND time <= {lastDeviceTimeMs}ms"), firstDeviceTimeMs, lastDeviceTimeMs, link => link >= fromSeq && link <= toSeq, cancellationToken);

    public Task<LinkedRecords> InWindowAsync(string boxId, long fromMs, long toMs, CancellationToken cancellationToken) =>
        ReadAsync(boxId, string.Create(CultureInfo.InvariantCulture, $"time >= {fromMs}ms AND time <= {toMs}ms"), fromMs, toMs, static _ => true, cancellationToken);

    private async Task<LinkedRecords> ReadAsync(string boxId, string filter, long fromMs, long toMs, Func<long, bool> linkWanted, CancellationToken cancellationToken)
    {
        var box = LineProtocol.Literal(boxId);
        // The spool first: a record delivered between the reads is in InfluxDB by then (and kept once below).
        var (spooledReadings, spooledEvents) = store.SpooledLinked(boxId, fromMs, toMs);
        var readings = new List<LinkedReading>();
        using (var document = await store.QueryRawAsync($"SELECT channel, \"value\", received_at, link FROM {LineProtocol.ReadingMeasurement} WHERE box = {box} AND {filter}", cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in Rows(document))
            {
                var reading = new Reading(boxId, row[1].GetString()!, row[0].GetInt64(), row[2].GetDouble(), row[3].GetInt64());
                readings.Add(new LinkedReading(reading, Link(row[4])));
            }
        }

        var events = new List<LinkedEvent>();
        using (var document = await store.QueryRawAsync($"SELECT \"name\", \"value\", received_at, link FROM {LineProtocol.EventMeasurement} WHERE box = {box} AND {filter}", cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in Rows(document))
            {
                var boxEvent = new BoxEvent(boxId, row[1].GetString()!, row[0].GetInt64(), row[2].GetString()!, row[3].GetInt64());
                events.Add(new LinkedEvent(boxEvent, Link(row[4])));
            }
        }

        var inInflux = readings.Select(r => (r.Reading.Channel, r.Reading.DeviceTimeMs)).ToHashSet();
        readings.AddRange(spooledReadings.Where(s => linkWanted(s.Link) && !inInflux.Contains((s.Reading.Channel, s.Reading.DeviceTimeMs))).Select(s => new LinkedReading(s.Reading, s.Link)));
        var eventsInInflux = events.Select(e => (e.Event.Name, e.Event.DeviceTimeMs)).ToHashSet();
        events.AddRange(spooledEvents.Where(s => linkWanted(s.Link) && !eventsInInflux.Contains((s.Event.Name, s.Event.DeviceTimeMs))).Select(s => new LinkedEvent(s.Event, s.Link)));

        // The same order as the SQLite store answers in.
        readings.Sort(static (a, b) => string.CompareOrdinal(a.Reading.Channel, b.Reading.Channel) is var c and not 0 ? c : a.Reading.DeviceTimeMs.CompareTo(b.Reading.DeviceTimeMs));
        events.Sort(static (a, b) => string.CompareOrdinal(a.Event.Name, b.Event.Name) is var c and not 0 ? c : a.Event.DeviceTimeMs.CompareTo(b.Event.DeviceTimeMs));
        return new LinkedRecords(readings, events);
    }

    private static long? Link(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static IEnumerable<JsonElement> Rows(JsonDocument document)
    {
        foreach (var result in document.RootElement.GetProperty("results").EnumerateArray())
        {
            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var one in series.EnumerateArray())
            {
                if (one.TryGetProperty("values", out var values))
                {
                    foreach (var row in values.EnumerateArray())
                    {
                        yield return row;
                    }
                }
            }
        }
    }
}
