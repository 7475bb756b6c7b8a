using Fleet.Server.Audit;

namespace Fleet.Server.Access;

/// <summary>
/// The audit entries of access: sign-ins (succeeded, failed, a name or address locked out), users
/// created or changed, tokens issued or revoked. A user is recorded with role, scope and disabled
/// flag, never a password or its hash; a token with its id, owner and name, never its secret.
/// </summary>
public static class AccessAudit
{
    /// <summary>The longest attempted user name kept in the trail (the form accepts anything).</summary>
    public const int MaxAttemptedNameLength = 64;

    /// <summary>The actor of the <c>users</c> and <c>tokens</c> command-line verbs: <c>cli:</c> and the operating-system user.</summary>
    public static AuditActor CommandLine { get; } = new("cli:" + Environment.UserName, null, null);

    /// <summary>A password sign-in that succeeded, from <paramref name="clientAddress"/>.</summary>
    public static AuditEntry SignedIn(FleetUser user, string? clientAddress) =>
        AuditEntry.SignInSucceeded(new AuditActor(user.Name, user.Role, clientAddress), FleetPrincipal.PasswordMethod);

    /// <summary>A refused password sign-in with its reason (an <see cref="AccessFailures"/> code).</summary>
    public static AuditEntry SignInRefused(string attemptedName, string? clientAddress, string reason) =>
        AuditEntry.SignInFailed(clientAddress, Attempted(attemptedName), reason);

    /// <summary>The failure that locked the name or the address out: further attempts are refused as throttled.</summary>
    public static AuditEntry LockedOut(string attemptedName, string? clientAddress, AccessOptions options) =>
        AuditEntry.Change(
            AuditActions.SignInLockedOut,
            new AuditActor(AuditActor.AnonymousName, null, clientAddress),
            new AuditTarget(AuditTarget.User, Attempted(attemptedName)),
            null,
            new { reason = AccessFailures.Throttled, lockoutMinutes = options.LockoutMinutes });

    /// <summary>A user created (<paramref name="before"/> null) or changed; whether the password was set, never the password.</summary>
    public static AuditEntry UserChanged(AuditActor actor, FleetUser? before, FleetUser after, bool passwordSet) =>
        AuditEntry.Change(
            AuditActions.UserChanged,
            actor,
            new AuditTarget(AuditTarget.User, after.Name),
            before is null ? null : Describe(before, null),
            Describe(after, passwordSet),
            after.Platform);

    public static AuditEntry TokenIssued(AuditActor actor, ApiTokenInfo token) =>
        AuditEntry.Change(AuditActions.TokenIssued, actor, TargetOf(token), null, token);

    public static AuditEntry TokenRevoked(AuditActor actor, ApiTokenInfo token) =>
        AuditEntry.Change(AuditActions.TokenRevoked, actor, TargetOf(token), null, token);

    private static AuditTarget TargetOf(ApiTokenInfo token) =>
        new(AuditTarget.Token, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static object Describe(FleetUser user, bool? passwordSet) =>
        new { user.Name, user.Role, user.Platform, user.Regions, user.Disabled, PasswordSet = passwordSet };

    private static string Attempted(string name) =>
        name.Length <= MaxAttemptedNameLength ? name : name[..MaxAttemptedNameLength];
}
