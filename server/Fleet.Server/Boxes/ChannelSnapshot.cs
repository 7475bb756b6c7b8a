namespace Fleet.Server.Boxes;

/// <summary>A channel of a box: its declared kind (compartments only) and its latest reading.</summary>
/// <param name="Kind">chilled, frozen, hot, ambient, or unknown until the box declares it.</param>
public sealed record ChannelSnapshot(string Channel, string Kind, double? Value, long? DeviceTimeMs, long? ReceivedAtMs);
