namespace Fleet.Server.Storage.Influx;

/// <summary>InfluxDB refused a write; <see cref="Retryable"/> says whether sending it again can help.</summary>
public sealed class InfluxWriteException(string message, bool retryable) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
