namespace Fleet.Server.Ingestion;

/// <summary>Why the broker refused a device a connection or a subscription; counted in GET /api/ingestion and metric fleet.ingestion.device_refusals.</summary>
public static class DeviceRefusals
{
    public const string NoCredentials = "no-credentials";
    public const string UnknownDevice = "unknown-device";
    public const string WrongSecret = "wrong-secret";
    public const string Revoked = "revoked";
    public const string ClientIdMismatch = "client-id-mismatch";
    public const string ForeignSubscription = "foreign-subscription";

    public static readonly string[] All =
    [
        NoCredentials, UnknownDevice, WrongSecret, Revoked, ClientIdMismatch, ForeignSubscription,
    ];
}
