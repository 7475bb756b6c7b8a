using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Fleet.Server.Access;

/// <summary>
/// Users and API tokens with their rules: what a valid user is, how passwords are hashed and
/// checked (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>, PBKDF2), and how token
/// secrets are made (256 random bits) and kept (their SHA-256 only). The command line, the admin
/// API, the demo and the test harnesses all go through here.
/// </summary>
public sealed class UserAdministration(UserStore store, TimeProvider time)
{
    /// <summary>Every secret starts with this, so a leaked one is easy to recognise (and to scan for).</summary>
    public const string TokenPrefix = "fleet_";

    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    private readonly PasswordHasher<FleetUser> _hasher = new();

    // Checked against when the user is unknown, so an unknown name costs as much time as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() => new PasswordHasher<FleetUser>().HashPassword(null!, RandomNumberGenerator.GetHexString(32)));

    public Task<long> CountUsersAsync(CancellationToken cancellationToken = default) => store.CountAsync(cancellationToken);

    public Task<IReadOnlyList<FleetUser>> ListUsersAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public async Task<FleetUser?> FindUserAsync(string name, CancellationToken cancellationToken = default) =>
        (await store.FindAsync(name, cancellationToken).ConfigureAwait(false))?.User;

    public async Task<AccessOutcome<FleetUser>> CreateUserAsync(UserRequest request, CancellationToken cancellationToken = default)
    {
        if (Validate(request, passwordRequired: true) is { } error)
        {
            return AccessOutcome<FleetUser>.Refused(error);
        }

        var user = ToUser(request, time.GetUtcNow());
        return await store.InsertAsync(user, _hasher.HashPassword(user, request.Password!), cancellationToken).ConfigureAwait(false)
            ? AccessOutcome<FleetUser>.Done(user)
            : AccessOutcome<FleetUser>.Refused($"a user named {user.Name} exists already");
    }

    /// <summary>Changes role, scope, disabled flag and (when given) the password.</summary>
    public async Task<AccessOutcome<FleetUser>> UpdateUserAsync(UserRequest request, CancellationToken cancellationToken = default)
    {
        if (Validate(request, passwordRequired: false) is { } error)
        {
            return AccessOutcome<FleetUser>.Refused(error);
        }

        if (await store.FindAsync(request.Name!, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            return AccessOutcome<FleetUser>.Missing($"no user {request.Name}");
        }

        var user = ToUser(request, existing.User.CreatedAt) with { Name = existing.User.Name };
        var hash = request.Password is null ? null : _hasher.HashPassword(user, request.Password);
        await store.UpdateAsync(user, hash, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        return AccessOutcome<FleetUser>.Done(user);
    }

    /// <summary>Checks a password; the user when it matches, else why not (the caller logs and counts it).</summary>
    public async Task<(FleetUser? User, string? Failure)> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        if (name.Length is 0 or > 64 || password.Length > MaxPasswordLength || await store.FindAsync(name, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            _hasher.VerifyHashedPassword(null!, _decoyHash.Value, password);
            return (null, AccessFailures.UnknownUser);
        }

        var result = _hasher.VerifyHashedPassword(found.User, found.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return (null, AccessFailures.WrongPassword);
        }

        if (found.User.Disabled)
        {
            return (null, AccessFailures.Disabled);
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.UpdateAsync(found.User, _hasher.HashPassword(found.User, password), time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        }

        return (found.User, null);
    }

    /// <summary>Creates a token for a user; its secret is in the result and nowhere else.</summary>
    public async Task<AccessOutcome<NewApiToken>> CreateTokenAsync(string userName, TokenRequest request, CancellationToken cancellationToken = default)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return AccessOutcome<NewApiToken>.Refused("name is required: what the token is for, such as dispatch-system (at most 100 characters)");
        }

        if (request.ExpiresInDays is { } days && days is <= 0 or > 3650)
        {
            return AccessOutcome<NewApiToken>.Refused("expiresInDays must be more than 0 and at most 3650 (omit it for a token that does not expire)");
        }

        if (await store.FindAsync(userName, cancellationToken).ConfigureAwait(false) is not { } owner)
        {
            return AccessOutcome<NewApiToken>.Missing($"no user {userName}");
        }

        var secret = TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var expires = request.ExpiresInDays is { } lifetime ? now.AddDays(lifetime).ToUnixTimeMilliseconds() : (long?)null;
        var token = await store.InsertTokenAsync(HashToken(secret), owner.User.Name, name, now.ToUnixTimeMilliseconds(), expires, cancellationToken).ConfigureAwait(false);
        return AccessOutcome<NewApiToken>.Done(new NewApiToken(token, secret));
    }

    public Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string? userName, CancellationToken cancellationToken = default) =>
        store.ListTokensAsync(userName, cancellationToken);

    public Task<ApiTokenInfo?> RevokeTokenAsync(long id, CancellationToken cancellationToken = default) =>
        store.RevokeTokenAsync(id, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>The token's owner and the token, or why the secret is refused.</summary>
    public async Task<(FleetUser? User, ApiTokenInfo? Token, string? Failure)> AuthenticateTokenAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100
            || await store.FindTokenAsync(HashToken(secret), cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return (null, null, AccessFailures.UnknownToken);
        }

        if (found.Token.RevokedAt is not null)
        {
            return (null, found.Token, AccessFailures.RevokedToken);
        }

        if (found.Token.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return (null, found.Token, AccessFailures.ExpiredToken);
        }

        return found.Owner.Disabled ? (null, found.Token, AccessFailures.Disabled) : (found.Owner, found.Token, null);
    }

    /// <summary>What is stored of a secret: its SHA-256, hex. The secret has 256 random bits, so no salt or stretching is needed.</summary>
    public static string HashToken(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Why a user request is invalid, or null.</summary>
    public static string? Validate(UserRequest request, bool passwordRequired)
    {
        if (!IsValidName(request.Name))
        {
            return "name is required: 1 to 64 characters from A-Z a-z 0-9 . _ - @";
        }

        if (request.Password is null ? passwordRequired : request.Password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return $"password must be {MinPasswordLength} to {MaxPasswordLength} characters";
        }

        if (Array.IndexOf(FleetClaims.Roles, request.Role) < 0)
        {
            return "role must be admin, manager or regulator";
        }

        var regions = request.Regions ?? [];
        return request.Role switch
        {
            FleetClaims.ManagerRole when !Tenancy.IsValidPlatform(request.Platform) => "a manager needs a platform: " + Tenancy.PlatformRule,
            FleetClaims.ManagerRole when regions.Count > 0 => "a manager has a platform, not regions",
            FleetClaims.RegulatorRole when regions.Count == 0 || !regions.TrueForAll(Tenancy.IsValidRegionPrefix) => "a regulator needs one or more regions: " + Tenancy.RegionPrefixRule,
            FleetClaims.RegulatorRole when request.Platform is not null => "a regulator has regions, not a platform",
            FleetClaims.AdminRole when request.Platform is not null || regions.Count > 0 => "an admin sees everything: give no platform or regions",
            _ => null,
        };
    }

    private static FleetUser ToUser(UserRequest request, DateTimeOffset createdAt) =>
        new(request.Name!, request.Role!, request.Platform, [.. (request.Regions ?? []).Distinct(StringComparer.Ordinal)], request.Disabled, createdAt);

    private static bool IsValidName(string? name)
    {
        if (name is not { Length: >= 1 and <= 64 })
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
