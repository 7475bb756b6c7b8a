namespace Fleet.Server.Evidence;

/// <summary>Where a violation report goes: the county-level market-supervision department of the merchant's region.</summary>
/// <param name="RegionCode">The merchant's 6-digit administrative division code, or null when unknown.</param>
public sealed record ViolationAddressee(string Department, string? RegionCode, string Merchant)
{
    /// <summary>The configured department with the longest matching code prefix, or one named by the code.</summary>
    public static ViolationAddressee For(string merchant, string? regionCode, IReadOnlyDictionary<string, string> departments)
    {
        if (regionCode is null)
        {
            return new ViolationAddressee("The county-level market-supervision department of the merchant's location (region code not recorded)", null, merchant);
        }

        for (var length = regionCode.Length; length >= 2; length--)
        {
            if (departments.TryGetValue(regionCode[..length], out var department))
            {
                return new ViolationAddressee(department, regionCode, merchant);
            }
        }

        return new ViolationAddressee($"County-level market-supervision department for region code {regionCode}", regionCode, merchant);
    }
}
