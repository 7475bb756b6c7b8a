namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// The MQTT topics of protocol version 1: <c>fleet/v1/boxes/{boxId}/{kind}</c>.
    /// See docs/protocol.md.
    /// </summary>
    public static class Topics
    {
        /// <summary>The prefix every box topic starts with.</summary>
        public const string Prefix = "fleet/v1/boxes/";

        /// <summary>Measurements, as SenML packs (box to server, QoS 1).</summary>
        public const string Telemetry = "telemetry";

        /// <summary>Events, as SenML packs (box to server, QoS 1).</summary>
        public const string Events = "events";

        /// <summary>Retained status document; also the box's last will.</summary>
        public const string Status = "status";

        /// <summary>Commands (server to box, QoS 1).</summary>
        public const string Commands = "commands";

        /// <summary>Subscription filter matching every box's telemetry, events and status.</summary>
        public const string AllBoxes = "fleet/v1/boxes/+/+";

        /// <summary>The topic of one kind for one box.</summary>
        /// <param name="boxId">The box identity.</param>
        /// <param name="kind">One of <see cref="Telemetry"/>, <see cref="Events"/>, <see cref="Status"/>, <see cref="Commands"/>.</param>
        public static string For(string boxId, string kind)
        {
            return Prefix + boxId + "/" + kind;
        }
    }
}
