using Fleet.Firmware.Protocol;

namespace Fleet.Server.Devices;

/// <summary>
/// Issues, rotates, revokes and checks the boxes' MQTT secrets. Issuing again rotates: the old
/// secret stops working at once. Revoking or rotating tells <see cref="Withdrawn"/> so the broker
/// drops the box's live session, which was authenticated with the secret just withdrawn.
/// </summary>
public sealed class DeviceCredentials(DeviceCredentialStore store, TimeProvider time, ILogger<DeviceCredentials> logger)
{
    /// <summary>Raised with the box id after its secret was rotated or revoked.</summary>
    public event Action<string>? Withdrawn;

    /// <summary>Issues a new secret for the box (rotating any earlier one) and returns it, the only time it is visible.</summary>
    public IssuedSecret Issue(string boxId, string? platform = null)
    {
        EnsureValidBoxId(boxId);
        var secret = DeviceSecret.New();
        var issuedAt = time.GetUtcNow();
        var rotated = store.Issue(boxId, DeviceSecret.Hash(secret), issuedAt);
        DevicesLog.Issued(logger, boxId, rotated ? "rotated" : "issued");
        if (rotated)
        {
            Withdrawn?.Invoke(boxId);
        }

        return new IssuedSecret(boxId, secret, issuedAt, rotated, platform);
    }

    /// <summary>Revokes the box's secret; false when it had none that worked.</summary>
    public bool Revoke(string boxId)
    {
        EnsureValidBoxId(boxId);
        if (!store.Revoke(boxId, time.GetUtcNow()))
        {
            return false;
        }

        DevicesLog.Revoked(logger, boxId);
        Withdrawn?.Invoke(boxId);
        return true;
    }

    /// <summary>Checks a box's username and password as presented in an MQTT CONNECT.</summary>
    public DeviceCheck Check(string? boxId, string? secret)
    {
        if (string.IsNullOrEmpty(boxId) || string.IsNullOrEmpty(secret))
        {
            return DeviceCheck.NoCredentials;
        }

        var credential = BoxIdentity.IsValid(boxId) ? store.Find(boxId) : null;
        if (credential is null)
        {
            return DeviceCheck.UnknownDevice;
        }

        if (credential.IsRevoked)
        {
            return DeviceCheck.Revoked;
        }

        return DeviceSecret.Matches(secret, credential.SecretHash) ? DeviceCheck.Accepted : DeviceCheck.WrongSecret;
    }

    private static void EnsureValidBoxId(string boxId)
    {
        if (!BoxIdentity.IsValid(boxId))
        {
            throw new ArgumentException($"'{boxId}' is not a valid box id (docs/protocol.md).", nameof(boxId));
        }
    }
}
