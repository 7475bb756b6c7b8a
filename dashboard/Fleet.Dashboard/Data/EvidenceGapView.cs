namespace Fleet.Dashboard.Data;

/// <summary>A stretch of a delivery without a reading of one compartment for longer than allowed.</summary>
public sealed record EvidenceGapView(string Channel, DateTimeOffset From, DateTimeOffset To, double Minutes);
