namespace Fleet.Server.Access;

/// <summary>An API token as listed: everything but the secret, which is shown once and stored only as its SHA-256.</summary>
/// <param name="ExpiresAt">After this the token is refused; null for a token that does not expire.</param>
/// <param name="RevokedAt">When an admin revoked it; a revoked token is refused.</param>
public sealed record ApiTokenInfo(
    long Id,
    string UserName,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);

/// <summary>A token just created: its record and the secret, shown this once.</summary>
public sealed record NewApiToken(ApiTokenInfo Token, string Secret);
