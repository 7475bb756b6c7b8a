using System.Security.Claims;
using System.Text;
using Fleet.Server.Access;
using Microsoft.Data.Sqlite;

namespace Fleet.Server.Audit;

/// <summary>
/// Which audit entries a reader may see: an admin sees every entry; a regulator sees the entries
/// whose region starts with one of their region prefixes (claims <see cref="FleetClaims.Region"/>); anyone
/// else sees none. Entries without a region (sign-ins, backups, purges of unscoped data) are
/// therefore for admins only.
/// </summary>
public sealed class AuditScope
{
    private AuditScope(bool everything, IReadOnlyList<string> regionPrefixes)
    {
        Everything = everything;
        RegionPrefixes = regionPrefixes;
    }

    /// <summary>An admin's scope: everything. For the server's own reads of the trail.</summary>
    public static AuditScope Admin { get; } = new(true, []);

    /// <summary>True for admins: no filter at all.</summary>
    public bool Everything { get; }

    /// <summary>The region-code prefixes a regulator may see; empty for admins.</summary>
    public IReadOnlyList<string> RegionPrefixes { get; }

    /// <summary>
    /// The scope of <paramref name="user"/>, or null when they may not read the audit trail at all.
    /// A regulator's prefix that is not 1 to 6 digits is ignored rather than widened.
    /// </summary>
    public static AuditScope? For(ClaimsPrincipal? user)
    {
        if (user is null)
        {
            return null;
        }

        if (user.IsInRole(FleetClaims.AdminRole))
        {
            return Admin;
        }

        if (!user.IsInRole(FleetClaims.RegulatorRole))
        {
            return null;
        }

        var prefixes = new List<string>();
        foreach (var claim in user.FindAll(FleetClaims.Region))
        {
            var prefix = claim.Value.Trim();
            if (prefix.Length is >= 1 and <= 6 && prefix.All(char.IsAsciiDigit) && !prefixes.Contains(prefix))
            {
                prefixes.Add(prefix);
            }
        }

        return prefixes.Count == 0 ? null : new AuditScope(false, prefixes);
    }

    /// <summary>Whether an entry of <paramref name="region"/> is within the scope.</summary>
    public bool Includes(string? region)
    {
        if (Everything)
        {
            return true;
        }

        foreach (var prefix in RegionPrefixes)
        {
            if (region is not null && region.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same rule as <see cref="Includes"/>, as an SQL condition on audit_trail.region with its parameters.</summary>
    internal string SqlCondition(SqliteCommand command)
    {
        if (Everything)
        {
            return "1";
        }

        var condition = new StringBuilder("(");
        for (var i = 0; i < RegionPrefixes.Count; i++)
        {
            condition.Append(i == 0 ? "" : " OR ").Append($"substr(region, 1, length($scope{i})) = $scope{i}");
            command.Parameters.AddWithValue($"$scope{i}", RegionPrefixes[i]);
        }

        return condition.Append(')').ToString();
    }
}
