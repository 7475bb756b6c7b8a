using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Ingestion;

/// <summary>
/// Counts what ingestion did, both as System.Diagnostics.Metrics instruments (meter "Fleet.Ingestion")
/// for monitoring and in memory for GET /api/ingestion, with a ring of the latest rejections.
/// </summary>
public sealed class IngestionStats
{
    public const string MeterName = "Fleet.Ingestion";

    private readonly Dictionary<string, int> _reasonIndex = new(StringComparer.Ordinal);
    private readonly long[] _rejected;
    private readonly RejectionEntry?[] _recent;
    private readonly Lock _recentGate = new();
    private readonly Counter<long> _rejectedCounter;
    private readonly Counter<long> _storedCounter;
    private readonly Counter<long> _duplicateCounter;
    private readonly Counter<long> _storeFailureCounter;
    private readonly Counter<long> _deviceRefusalCounter;
    private readonly long[] _deviceRefusals = new long[DeviceRefusals.All.Length];
    private int _recentNext;
    private long _messages;
    private long _readingsStored;
    private long _eventsStored;
    private long _duplicates;
    private long _storeFailures;
    private long _externalUnacknowledged;
    private long _externalUnacknowledgedPeak;

    public IngestionStats(IMeterFactory meterFactory, IOptions<IngestionOptions> options)
    {
        for (var i = 0; i < RejectReasons.All.Length; i++)
        {
            _reasonIndex[RejectReasons.All[i]] = i;
        }

        _rejected = new long[RejectReasons.All.Length];
        _recent = new RejectionEntry?[Math.Max(1, options.Value.RecentRejections)];
        var meter = meterFactory.Create(MeterName);
        _rejectedCounter = meter.CreateCounter<long>("fleet.ingestion.rejected", "{record}", "Records or payloads rejected, by reason");
        _storedCounter = meter.CreateCounter<long>("fleet.ingestion.stored", "{record}", "Readings and events stored for the first time");
        _duplicateCounter = meter.CreateCounter<long>("fleet.ingestion.duplicates", "{record}", "Records received again and not stored again");
        _storeFailureCounter = meter.CreateCounter<long>("fleet.ingestion.store_failures", "{message}", "Messages refused because the store could not commit them");
        _deviceRefusalCounter = meter.CreateCounter<long>("fleet.ingestion.device_refusals", "{refusal}", "Connections and subscriptions the broker refused a device, by reason");
        meter.CreateObservableGauge("fleet.ingestion.external_unacknowledged", () => Interlocked.Read(ref _externalUnacknowledged), "{message}", "Messages taken from the external broker and not acknowledged yet");
    }

    /// <summary>A message from the external broker was taken in; it counts until <see cref="ExternalAcknowledged"/>.</summary>
    public void ExternalTaken()
    {
        var held = Interlocked.Increment(ref _externalUnacknowledged);
        var peak = Interlocked.Read(ref _externalUnacknowledgedPeak);
        while (held > peak)
        {
            var seen = Interlocked.CompareExchange(ref _externalUnacknowledgedPeak, held, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }
    }

    /// <summary>A message taken from the external broker is done with: acknowledged, or left to be delivered again.</summary>
    public void ExternalAcknowledged() => Interlocked.Decrement(ref _externalUnacknowledged);

    public void MessageReceived() => Interlocked.Increment(ref _messages);

    public void Stored(int readings, int events, int duplicates)
    {
        Interlocked.Add(ref _readingsStored, readings);
        Interlocked.Add(ref _eventsStored, events);
        Interlocked.Add(ref _duplicates, duplicates);
        _storedCounter.Add(readings + events);
        if (duplicates > 0)
        {
            _duplicateCounter.Add(duplicates);
        }
    }

    public void StoreFailed()
    {
        Interlocked.Increment(ref _storeFailures);
        _storeFailureCounter.Add(1);
    }

    public void Rejected(RejectionEntry entry)
    {
        if (_reasonIndex.TryGetValue(entry.Reason, out var index))
        {
            Interlocked.Increment(ref _rejected[index]);
        }

        _rejectedCounter.Add(1, new KeyValuePair<string, object?>("reason", entry.Reason));
        lock (_recentGate)
        {
            _recent[_recentNext] = entry;
            _recentNext = (_recentNext + 1) % _recent.Length;
        }
    }

    /// <summary>Counts a connection or subscription refused to a device (<see cref="DeviceRefusals"/>).</summary>
    public void DeviceRefused(string reason)
    {
        var index = Array.IndexOf(DeviceRefusals.All, reason);
        if (index >= 0)
        {
            Interlocked.Increment(ref _deviceRefusals[index]);
        }

        _deviceRefusalCounter.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public long DeviceRefusedCount(string reason)
    {
        var index = Array.IndexOf(DeviceRefusals.All, reason);
        return index >= 0 ? Interlocked.Read(ref _deviceRefusals[index]) : 0;
    }

    public long RejectedCount(string reason) =>
        _reasonIndex.TryGetValue(reason, out var index) ? Interlocked.Read(ref _rejected[index]) : 0;

    public IngestionSnapshot Snapshot()
    {
        var rejected = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < RejectReasons.All.Length; i++)
        {
            rejected[RejectReasons.All[i]] = Interlocked.Read(ref _rejected[i]);
        }

        var recent = new List<RejectionEntry>(_recent.Length);
        lock (_recentGate)
        {
            for (var i = 1; i <= _recent.Length; i++)
            {
                if (_recent[(_recentNext - i + _recent.Length) % _recent.Length] is { } entry)
                {
                    recent.Add(entry);
                }
            }
        }

        return new IngestionSnapshot(
            Interlocked.Read(ref _messages),
            Interlocked.Read(ref _readingsStored),
            Interlocked.Read(ref _eventsStored),
            Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _storeFailures),
            rejected,
            recent,
            DeviceRefusalCounts(),
            Interlocked.Read(ref _externalUnacknowledged),
            Interlocked.Read(ref _externalUnacknowledgedPeak));
    }

    private Dictionary<string, long> DeviceRefusalCounts()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < DeviceRefusals.All.Length; i++)
        {
            counts[DeviceRefusals.All[i]] = Interlocked.Read(ref _deviceRefusals[i]);
        }

        return counts;
    }
}
