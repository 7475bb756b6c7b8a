namespace Fleet.Server.Ingestion;

/// <summary>The "Mqtt" configuration section: the embedded broker, or the external one the server subscribes to.</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    public const string Embedded = "Embedded";
    public const string ExternalMode = "External";

    /// <summary>Embedded (host an MQTTnet broker, the default) or External (connect to Mqtt:External as a client).</summary>
    public string Mode { get; set; } = Embedded;

    /// <summary>The external broker (Mosquitto, EMQX…), used when Mode is External.</summary>
    public ExternalBrokerOptions External { get; set; } = new();

    /// <summary>TCP port of the embedded broker.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// Messages a subscriber may have queued before the broker drops (MQTTnet's default is 1,000,
    /// a silent loss path). Ingestion runs inside the broker and does not depend on it, but any
    /// subscriber (a bridge, a second consumer) does.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;

    /// <summary>Keep sessions of disconnected clients (QoS 1 state, subscriptions) for their return.</summary>
    public bool PersistentSessions { get; set; } = true;

    /// <summary>
    /// Publishes per second one box may sustain on the embedded broker (its token bucket's refill
    /// rate). A box sends one pack per sampling interval (5-300 s), so this leaves room for replays.
    /// </summary>
    public double PublishesPerSecond { get; set; } = 10;

    /// <summary>Publishes one box may send at once before the rate applies (its bucket's size): a backlog replay after a drive out of coverage.</summary>
    public int PublishBurst { get; set; } = 500;

    /// <summary>MQTT over TLS on its own port, off unless a certificate is configured.</summary>
    public MqttTlsOptions Tls { get; set; } = new();
}
