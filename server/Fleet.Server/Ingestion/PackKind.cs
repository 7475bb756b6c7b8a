namespace Fleet.Server.Ingestion;

/// <summary>The kind of box topic a message came on.</summary>
public enum PackKind
{
    Telemetry,
    Events,
    Status,
    Commands,
}
