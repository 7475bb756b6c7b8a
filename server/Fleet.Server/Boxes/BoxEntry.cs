using Fleet.Firmware.Protocol;
using Fleet.Server.Storage;

namespace Fleet.Server.Boxes;

/// <summary>The registry's mutable state of one box; every access holds its lock.</summary>
internal sealed class BoxEntry(string boxId, long registeredAtMs)
{
    public const string UnknownKind = "unknown";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reading> _latest = new(StringComparer.Ordinal);
    private bool _online;
    private string? _firmware;
    private int? _interval;
    private long? _queued;
    private long? _dropped;
    private long? _lastSeenMs;
    private string? _platform;

    public string BoxId { get; } = boxId;

    public void Restore(BoxRecord record)
    {
        lock (_gate)
        {
            _online = record.Online;
            _firmware = record.Firmware;
            _interval = record.IntervalSeconds;
            _queued = record.Queued;
            _dropped = record.Dropped;
            _lastSeenMs = record.LastSeenMs;
            _platform = record.Platform;
            foreach (var (channel, kind) in record.Kinds)
            {
                _kinds[channel] = kind;
            }
        }
    }

    /// <summary>The platform the box is registered for, or null.</summary>
    public string? Platform
    {
        get
        {
            lock (_gate)
            {
                return _platform;
            }
        }

        set
        {
            lock (_gate)
            {
                _platform = value;
            }
        }
    }

    public void ApplyStatus(Ingestion.BoxStatus status, long nowMs)
    {
        lock (_gate)
        {
            _online = status.Online;
            _firmware = status.Firmware ?? _firmware;
            _interval = status.IntervalSeconds ?? _interval;
            _queued = status.Queued ?? _queued;
            _dropped = status.Dropped ?? _dropped;
            _lastSeenMs = Math.Max(_lastSeenMs ?? 0, nowMs);
            if (status.Compartments is { } compartments)
            {
                _kinds.Clear();
                foreach (var compartment in compartments)
                {
                    _kinds[compartment.Channel] = compartment.Kind;
                }
            }
        }
    }

    /// <summary>
    /// A live reading: the box is online, and the reading is kept when it is the latest of its
    /// channel by device time. Returns true when anything changed.
    /// </summary>
    public bool ApplyReading(in Reading reading)
    {
        lock (_gate)
        {
            var cameOnline = MarkOnline();
            return KeepIfLatest(reading) | cameOnline;
        }
    }

    /// <summary>Takes a stored reading back on start, without touching the online state.</summary>
    public void RestoreReading(in Reading reading)
    {
        lock (_gate)
        {
            KeepIfLatest(reading);
        }
    }

    /// <summary>Notes a message from the box; returns true when that brought it back online.</summary>
    public bool Seen(long nowMs)
    {
        lock (_gate)
        {
            _lastSeenMs = Math.Max(_lastSeenMs ?? 0, nowMs);
            return MarkOnline();
        }
    }

    private bool KeepIfLatest(in Reading reading)
    {
        _lastSeenMs = Math.Max(_lastSeenMs ?? 0, reading.ReceivedAtMs);
        if (_latest.TryGetValue(reading.Channel, out var current) && current.DeviceTimeMs >= reading.DeviceTimeMs)
        {
            return false;
        }

        _latest[reading.Channel] = reading;
        return true;
    }

    // A box that publishes is connected. This also heals a last will that the broker delivered
    // after the box had already reconnected (the will of a connection that timed out).
    private bool MarkOnline()
    {
        var cameOnline = !_online;
        _online = true;
        return cameOnline;
    }

    public string KindOf(string channel)
    {
        lock (_gate)
        {
            return _kinds.TryGetValue(channel, out var kind) ? kind : UnknownKind;
        }
    }

    public IReadOnlyList<string> ChannelsOfKind(string kind)
    {
        lock (_gate)
        {
            var result = new List<string>();
            foreach (var (channel, k) in _kinds)
            {
                if (k == kind)
                {
                    result.Add(channel);
                }
            }

            return result;
        }
    }

    public BoxSnapshot Snapshot()
    {
        lock (_gate)
        {
            var channels = new List<ChannelSnapshot>(_kinds.Count + 1);
            for (var n = 1; n <= Channels.MaxCompartments; n++)
            {
                var channel = Channels.Compartment(n);
                var declared = _kinds.TryGetValue(channel, out var kind);
                var measured = _latest.TryGetValue(channel, out var latest);
                if (declared || measured)
                {
                    channels.Add(Channel(channel, declared ? kind! : UnknownKind, measured ? latest : null));
                }
            }

            if (_latest.TryGetValue(Channels.Ambient, out var ambient))
            {
                channels.Add(Channel(Channels.Ambient, Channels.Ambient, ambient));
            }

            return new BoxSnapshot(BoxId, _online, _firmware, _interval, _queued, _dropped, registeredAtMs, _lastSeenMs, channels, _platform);
        }
    }

    private static ChannelSnapshot Channel(string channel, string kind, Reading? latest) =>
        new(channel, kind, latest?.Value, latest?.DeviceTimeMs, latest?.ReceivedAtMs);
}
