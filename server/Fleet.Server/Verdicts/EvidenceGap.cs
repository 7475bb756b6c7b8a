namespace Fleet.Server.Verdicts;

/// <summary>A stretch of a delivery without a reading of one compartment for longer than the allowed intervals (R11).</summary>
public sealed record EvidenceGap(string Channel, DateTimeOffset From, DateTimeOffset To, double Minutes);
