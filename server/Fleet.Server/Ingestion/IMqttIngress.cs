namespace Fleet.Server.Ingestion;

/// <summary>Where box messages come in: the embedded broker or the client of an external one.</summary>
public interface IMqttIngress
{
    /// <summary>The embedded broker runs, or the client is connected to the external broker.</summary>
    bool IsRunning { get; }

    /// <summary>The embedded broker's port, or the external broker's.</summary>
    int Port { get; }

    /// <summary>
    /// Publishes a command document to fleet/v1/boxes/{boxId}/commands (QoS 1, not retained); throws
    /// <see cref="InvalidOperationException"/> with the reason when the broker is not there or refuses it.
    /// </summary>
    Task SendCommandAsync(string boxId, byte[] command, CancellationToken cancellationToken);
}
