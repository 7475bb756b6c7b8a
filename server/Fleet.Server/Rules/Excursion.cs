namespace Fleet.Server.Rules;

/// <summary>An excursion that lasted long enough to alert, as a replay of stored readings finds it.</summary>
/// <param name="AlertId">The stored alert the replay started from, or null for one the replay found.</param>
/// <param name="EndMs">Device time of the reading that ended it; null while it lasts.</param>
public sealed record Excursion(long? AlertId, long StartMs, long RaiseAtMs, double PeakCelsius, long? EndMs);
