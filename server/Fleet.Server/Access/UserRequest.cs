namespace Fleet.Server.Access;

/// <summary>
/// The body of POST /api/admin/users (and of PUT /api/admin/users/{name}, where name comes from the
/// path and an omitted password keeps the current one).
/// </summary>
/// <param name="Platform">Required for a manager, refused for the other roles.</param>
/// <param name="Regions">Region-code prefixes, required for a regulator, refused for the other roles.</param>
public sealed record UserRequest(string? Name, string? Password, string? Role, string? Platform, List<string>? Regions, bool Disabled = false);

/// <summary>The body of POST /api/admin/users/{name}/tokens: a name for the token and its lifetime in days (none: no expiry).</summary>
public sealed record TokenRequest(string? Name, double? ExpiresInDays);
