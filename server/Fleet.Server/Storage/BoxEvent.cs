namespace Fleet.Server.Storage;

/// <summary>One event of a box (lid, uvc, pickup, handover, cN.alarm, command), identified by box, name and device time.</summary>
/// <param name="Value">"true"/"false" for boolean events, otherwise the string value.</param>
public readonly record struct BoxEvent(string BoxId, string Name, long DeviceTimeMs, string Value, long ReceivedAtMs);
