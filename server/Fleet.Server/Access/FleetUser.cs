namespace Fleet.Server.Access;

/// <summary>A person (or the owner of a machine's API token) who may use Fleet, and their scope.</summary>
/// <param name="Name">The sign-in name, unique without regard to case.</param>
/// <param name="Role">admin, manager or regulator (<see cref="FleetClaims"/>).</param>
/// <param name="Platform">A manager's platform; null for the other roles.</param>
/// <param name="Regions">A regulator's region-code prefixes; empty for the other roles.</param>
/// <param name="Disabled">A disabled user can neither sign in nor use their tokens.</param>
public sealed record FleetUser(
    string Name,
    string Role,
    string? Platform,
    IReadOnlyList<string> Regions,
    bool Disabled,
    DateTimeOffset CreatedAt);
