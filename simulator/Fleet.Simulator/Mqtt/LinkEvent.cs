namespace Fleet.Simulator.Mqtt;

/// <summary>Something the network thread tells the firmware: a PUBACK or an inbound command.</summary>
internal readonly record struct LinkEvent(int AcknowledgedToken, byte[]? Command)
{
    public static LinkEvent Ack(int token) => new(token, null);

    public static LinkEvent CommandReceived(byte[] payload) => new(-1, payload);
}
