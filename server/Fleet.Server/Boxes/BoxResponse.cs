namespace Fleet.Server.Boxes;

/// <summary>A box as GET /api/boxes returns it.</summary>
/// <param name="LastSeen">When the server last heard from the box (server clock).</param>
/// <param name="Platform">The platform (tenant) the box is registered for, or null.</param>
public sealed record BoxResponse(
    string BoxId,
    bool Online,
    string? Firmware,
    int? IntervalSeconds,
    long? Queued,
    long? Dropped,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? LastSeen,
    IReadOnlyList<ChannelResponse> Channels,
    int OpenAlerts,
    string? Platform);

/// <summary>The body of PUT /api/boxes/{id}: the platform the box is registered for.</summary>
public sealed record BoxRegistration(string? Platform);

/// <summary>A channel with its kind and latest reading (device time).</summary>
public sealed record ChannelResponse(string Channel, string Kind, double? Celsius, DateTimeOffset? MeasuredAt, DateTimeOffset? ReceivedAt);

/// <summary>The body of GET /api/boxes/{id}/readings.</summary>
public sealed record ReadingsResponse(string BoxId, string Channel, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ReadingResponse> Readings);

/// <summary>One stored reading: device time, value, and when the server received it.</summary>
public sealed record ReadingResponse(DateTimeOffset T, double Value, DateTimeOffset ReceivedAt);
