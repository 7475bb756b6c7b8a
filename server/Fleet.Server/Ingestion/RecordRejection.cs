namespace Fleet.Server.Ingestion;

/// <summary>Why one record (or, with index -1, the whole payload) was not accepted.</summary>
public readonly record struct RecordRejection(int RecordIndex, string Reason, string Detail);
