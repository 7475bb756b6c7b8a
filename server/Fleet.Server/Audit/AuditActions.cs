namespace Fleet.Server.Audit;

/// <summary>
/// The stable action codes of the audit trail. They are part of the record a regulator reads and
/// filters by, so a code, once written, keeps its meaning; add new ones rather than rename.
/// </summary>
public static class AuditActions
{
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignInLockedOut = "signin.locked-out";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string AlertResolved = "alert.resolved";
    public const string ConfigChanged = "config.changed";
    public const string AssignmentChanged = "assignment.changed";
    public const string AssignmentOverridden = "assignment.overridden";
    public const string ExportCreated = "export.created";
    public const string RetentionPurged = "retention.purged";

    public const string UserChanged = "user.changed";
    public const string TokenIssued = "token.issued";
    public const string TokenRevoked = "token.revoked";

    // For the capabilities built alongside (devices, evidence): record with these once merged.
    public const string DeviceCredentialsChanged = "device.credentials-changed";
}
