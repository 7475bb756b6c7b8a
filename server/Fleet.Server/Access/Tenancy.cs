namespace Fleet.Server.Access;

/// <summary>What a platform id and a merchant region code look like.</summary>
public static class Tenancy
{
    /// <summary>The rule a platform id follows, for error messages.</summary>
    public const string PlatformRule = "a platform is 1 to 40 characters from a-z 0-9 - _ (such as meituan-sz)";

    /// <summary>The rule a region code follows, for error messages.</summary>
    public const string RegionRule = "merchantRegion is a 6-digit administrative division code (such as 440305)";

    /// <summary>The rule a regulator's region prefix follows, for error messages.</summary>
    public const string RegionPrefixRule = "a region prefix is 2 to 6 digits of an administrative division code (such as 4403)";

    /// <summary>A tenant id: short, lower-case, safe in URLs and logs.</summary>
    public static bool IsValidPlatform(string? platform)
    {
        if (platform is not { Length: >= 1 and <= 40 })
        {
            return false;
        }

        foreach (var c in platform)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// China's administrative division codes are six digits: province (2), prefecture (2), county (2).
    /// The first digit is 1 to 8 (the regions of the country); a code never starts with 0 or 9.
    /// </summary>
    public static bool IsValidRegion(string? code) => code is { Length: 6 } && AllDigits(code) && code[0] is >= '1' and <= '8';

    /// <summary>A regulator's jurisdiction: a province (2 digits), prefecture (4) or county (6), or anything between.</summary>
    public static bool IsValidRegionPrefix(string? prefix) =>
        prefix is { Length: >= 2 and <= 6 } && AllDigits(prefix) && prefix[0] is >= '1' and <= '8';

    private static bool AllDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
