namespace Fleet.Server.Ingestion;

/// <summary>One rejection as GET /api/ingestion lists it.</summary>
public sealed record RejectionEntry(DateTimeOffset Time, string Topic, string? BoxId, string Reason, string Detail);
