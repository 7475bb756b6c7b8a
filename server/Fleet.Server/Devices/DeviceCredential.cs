namespace Fleet.Server.Devices;

/// <summary>A box's stored credential: the hash of its current secret, when it was issued, and whether it is revoked.</summary>
public sealed record DeviceCredential(string BoxId, byte[] SecretHash, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
