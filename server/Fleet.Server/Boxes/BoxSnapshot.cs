namespace Fleet.Server.Boxes;

/// <summary>A consistent copy of one box's registry entry.</summary>
/// <param name="LastSeenMs">When the server last heard from the box (server clock).</param>
/// <param name="Channels">Compartments c1 … c8 in order, then ambient.</param>
/// <param name="Platform">The platform (tenant) the box is registered for; null until registered, when only admins see it.</param>
public sealed record BoxSnapshot(
    string BoxId,
    bool Online,
    string? Firmware,
    int? IntervalSeconds,
    long? Queued,
    long? Dropped,
    long RegisteredAtMs,
    long? LastSeenMs,
    IReadOnlyList<ChannelSnapshot> Channels,
    string? Platform = null);
