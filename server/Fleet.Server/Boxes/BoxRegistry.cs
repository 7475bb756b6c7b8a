using System.Collections.Concurrent;
using Fleet.Server.Ingestion;
using Fleet.Server.Storage;

namespace Fleet.Server.Boxes;

/// <summary>
/// Every known box with its status, declared compartment kinds and latest reading per channel:
/// kept in memory for the live view, backed by the boxes table and the reading store so it
/// survives restarts.
/// </summary>
public sealed class BoxRegistry(SqliteBoxStore store, IReadingStore readings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, BoxEntry> _boxes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;

    /// <summary>Raised with the box id whenever a box's status or latest readings change. Handlers must be quick.</summary>
    public event Action<string>? Changed;

    public int Count => _boxes.Count;

    public async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
            {
                return;
            }

            foreach (var record in await store.LoadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var entry = _boxes.GetOrAdd(record.BoxId, id => new BoxEntry(id, record.RegisteredAtMs));
                entry.Restore(record);
            }

            var latest = await readings.LatestPerChannelAsync([.. _boxes.Keys], ChannelNames.TemperatureChannels, cancellationToken).ConfigureAwait(false);
            foreach (var reading in latest)
            {
                if (_boxes.TryGetValue(reading.BoxId, out var entry))
                {
                    entry.RestoreReading(reading);
                }
            }

            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public bool Contains(string boxId) => _boxes.ContainsKey(boxId);

    /// <summary>Adds a box seen for the first time, durably, before its first message is acknowledged.</summary>
    public async ValueTask EnsureRegisteredAsync(string boxId, CancellationToken cancellationToken)
    {
        if (_boxes.ContainsKey(boxId))
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.InsertAsync(boxId, now, cancellationToken).ConfigureAwait(false);
        _boxes.TryAdd(boxId, new BoxEntry(boxId, now));
        Changed?.Invoke(boxId);
    }

    /// <summary>
    /// Registers a box for a platform (tenant), durably; a box not seen yet is added. Device
    /// provisioning calls this too, so a provisioned box belongs to its platform from the start.
    /// </summary>
    public async Task<BoxSnapshot> AssignPlatformAsync(string boxId, string? platform, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.SetPlatformAsync(boxId, platform, now, cancellationToken).ConfigureAwait(false);
        var entry = _boxes.GetOrAdd(boxId, id => new BoxEntry(id, now));
        entry.Platform = platform;
        Changed?.Invoke(boxId);
        return entry.Snapshot();
    }

    /// <summary>The platform the box is registered for; null when it has none or is unknown.</summary>
    public string? PlatformOf(string boxId) => _boxes.TryGetValue(boxId, out var entry) ? entry.Platform : null;

    public async Task ApplyStatusAsync(string boxId, BoxStatus status, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await store.SaveStatusAsync(boxId, status, now, cancellationToken).ConfigureAwait(false);
        _boxes.GetOrAdd(boxId, id => new BoxEntry(id, now)).ApplyStatus(status, now);
        Changed?.Invoke(boxId);
    }

    /// <summary>Takes accepted readings into the latest-per-channel view.</summary>
    public void ApplyReadings(string boxId, List<Reading> accepted)
    {
        if (!_boxes.TryGetValue(boxId, out var entry))
        {
            return;
        }

        var changed = false;
        for (var i = 0; i < accepted.Count; i++)
        {
            changed |= entry.ApplyReading(accepted[i]);
        }

        if (changed)
        {
            Changed?.Invoke(boxId);
        }
    }

    public void Seen(string boxId)
    {
        if (_boxes.TryGetValue(boxId, out var entry) && entry.Seen(time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            Changed?.Invoke(boxId);
        }
    }

    /// <summary>The declared kind of a compartment, or "unknown".</summary>
    public string KindOf(string boxId, string channel) =>
        _boxes.TryGetValue(boxId, out var entry) ? entry.KindOf(channel) : BoxEntry.UnknownKind;

    /// <summary>Every (box, channel) declared as <paramref name="kind"/>.</summary>
    public IReadOnlyList<(string BoxId, string Channel)> CompartmentsOfKind(string kind)
    {
        var result = new List<(string, string)>();
        foreach (var (boxId, entry) in _boxes)
        {
            foreach (var channel in entry.ChannelsOfKind(kind))
            {
                result.Add((boxId, channel));
            }
        }

        return result;
    }

    public BoxSnapshot? Find(string boxId) => _boxes.TryGetValue(boxId, out var entry) ? entry.Snapshot() : null;

    /// <summary>Every box, sorted by box id.</summary>
    public IReadOnlyList<BoxSnapshot> Snapshot()
    {
        var result = new List<BoxSnapshot>(_boxes.Count);
        foreach (var entry in _boxes.Values)
        {
            result.Add(entry.Snapshot());
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.BoxId, b.BoxId));
        return result;
    }
}
