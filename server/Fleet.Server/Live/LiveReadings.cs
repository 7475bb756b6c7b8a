namespace Fleet.Server.Live;

/// <summary>The "readings" message: the new readings of one stored batch of a box.</summary>
public sealed record LiveReadings(string BoxId, IReadOnlyList<LiveReading> Readings);

/// <summary>One reading in a "readings" message; T is the device time.</summary>
public sealed record LiveReading(string Channel, DateTimeOffset T, double Value);
