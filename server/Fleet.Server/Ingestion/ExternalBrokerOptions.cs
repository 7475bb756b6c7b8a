namespace Fleet.Server.Ingestion;

/// <summary>The "Mqtt:External" section: how the server connects to an external broker.</summary>
public sealed class ExternalBrokerOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    /// <summary>
    /// The session's identity: the broker keeps this client's subscription and its unacknowledged
    /// QoS 1 messages while the server is down, under this id. Each server instance needs its own.
    /// </summary>
    public string ClientId { get; set; } = "fleet-server";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>When set, subscribe as $share/{SharedGroup}/… so instances of one group split the boxes' messages (EMQX, Mosquitto 2).</summary>
    public string SharedGroup { get; set; } = "";

    /// <summary>Pause between connection attempts while the broker is away.</summary>
    public int ReconnectMilliseconds { get; set; } = 1000;

    /// <summary>
    /// At most this many messages received from the broker and not yet acknowledged (in the
    /// ingestor, the store's group commit, or waiting for an earlier message's acknowledgement).
    /// At the limit the client takes no further message into the ingestor until the oldest is
    /// acknowledged; what the broker has already written waits, as raw packets, in the MQTT client.
    /// </summary>
    public int MaxUnacknowledged { get; set; } = 1000;
}
