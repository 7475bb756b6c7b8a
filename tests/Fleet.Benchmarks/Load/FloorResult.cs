namespace Fleet.Benchmarks.Load;

/// <summary>Messages a second the subscriber received; publishes that failed.</summary>
public sealed record FloorResult(double MessagesPerSecond, long Failed);
