namespace Fleet.Server.Access;

/// <summary>Why a sign-in or a token was refused: the reason logged and the tag of fleet.access.failures.</summary>
public static class AccessFailures
{
    public const string UnknownUser = "unknown-user";
    public const string WrongPassword = "wrong-password";
    public const string Disabled = "user-disabled";
    public const string Throttled = "throttled";
    public const string MissingCredentials = "missing-credentials";
    public const string UnknownToken = "unknown-token";
    public const string RevokedToken = "revoked-token";
    public const string ExpiredToken = "expired-token";
    public const string Forbidden = "forbidden";
    public const string FormExpired = "form-expired";
}
