namespace Fleet.Server.Devices;

/// <summary>The outcome of checking a box's MQTT username and password.</summary>
public enum DeviceCheck
{
    Accepted,
    NoCredentials,
    UnknownDevice,
    WrongSecret,
    Revoked,
}
