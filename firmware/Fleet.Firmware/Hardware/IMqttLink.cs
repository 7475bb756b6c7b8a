namespace Fleet.Firmware.Hardware
{
    /// <summary>
    /// The MQTT client under the firmware (M2Mqtt on the ESP32, MQTTnet in the simulator).
    /// Calls from the firmware must not block on the network for long. Results that arrive later
    /// come back into the firmware through <see cref="BoxFirmware.OnPublishAcknowledged"/>,
    /// <see cref="BoxFirmware.OnConnectionLost"/> and <see cref="BoxFirmware.OnCommand"/>,
    /// called on the firmware's own thread.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>True while a session with the broker is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Connects (or starts connecting) with the box id as client id and a retained QoS 1 last will,
        /// and subscribes to the box's commands topic. Returns true when the session is up now;
        /// false when it failed or is still being set up (the firmware then watches
        /// <see cref="IsConnected"/>).
        /// </summary>
        bool Connect(string clientId, string willTopic, byte[] willPayload);

        /// <summary>
        /// Publishes with QoS 1. Returns a token that <see cref="BoxFirmware.OnPublishAcknowledged"/>
        /// will later receive when the broker's PUBACK arrives, or -1 when the publish failed at once.
        /// </summary>
        int Publish(string topic, byte[] payload, bool retain);

        /// <summary>Closes the session.</summary>
        void Disconnect();
    }
}
