namespace Fleet.Server.Storage;

/// <summary>A reading as queried back: device time, value and when the server received it.</summary>
public readonly record struct StoredReading(string Channel, long DeviceTimeMs, double Value, long ReceivedAtMs);
