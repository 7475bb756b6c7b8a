namespace Fleet.Server.Storage;

/// <summary>One temperature reading, identified by box, channel and device time.</summary>
/// <param name="DeviceTimeMs">Device time, milliseconds since the Unix epoch.</param>
/// <param name="ReceivedAtMs">Server time at which it arrived, milliseconds since the Unix epoch.</param>
public readonly record struct Reading(string BoxId, string Channel, long DeviceTimeMs, double Value, long ReceivedAtMs);
