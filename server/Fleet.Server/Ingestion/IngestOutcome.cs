namespace Fleet.Server.Ingestion;

/// <summary>What became of one publish; every outcome but StoreFailed is acknowledged.</summary>
public enum IngestOutcome
{
    /// <summary>Not a protocol topic, or the server's own command: passed through.</summary>
    Ignored,

    /// <summary>Durably stored (new records and duplicates alike).</summary>
    Stored,

    BadTopic,
    UnknownBox,

    /// <summary>Nothing storable in it; sending it again would not make it valid.</summary>
    Invalid,

    /// <summary>The store could not commit: no acknowledgement, so the message is delivered again.</summary>
    StoreFailed,
}
