using System.Globalization;
using Fleet.Dashboard.Data;
using Fleet.Server.Access;

namespace Fleet.Server.Regulator;

/// <summary>
/// The regulator API's query string, read and checked: a window of at most
/// <see cref="MaxWindowDays"/> days (default the last 30), optional platform, merchant, region-code
/// prefix and compliance, and paging. A bad value yields the reason it is refused.
/// </summary>
public sealed record RegulatorQuery(RegulatorFilter Filter, int Page, int PageSize)
{
    public const int MaxWindowDays = 366;

    public const int DefaultWindowDays = 30;

    public const int MaxPageSize = 500;

    public const int DefaultPageSize = 50;

    public static bool TryRead(IQueryCollection query, DateTimeOffset now, out RegulatorQuery result, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        result = null!;
        if (!TryTime(query, "to", now, out var to, out reason) || !TryTime(query, "from", to.AddDays(-DefaultWindowDays), out var from, out reason))
        {
            return false;
        }

        if (from >= to)
        {
            reason = "from must be before to";
            return false;
        }

        if (to - from > TimeSpan.FromDays(MaxWindowDays))
        {
            reason = $"the window from from to to must be at most {MaxWindowDays} days";
            return false;
        }

        var platform = Text(query, "platform");
        if (platform is not null && !Tenancy.IsValidPlatform(platform))
        {
            reason = "platform: " + Tenancy.PlatformRule;
            return false;
        }

        var merchant = Text(query, "merchant");
        if (merchant is { Length: > 200 })
        {
            reason = "merchant must be at most 200 characters";
            return false;
        }

        var region = Text(query, "region");
        if (region is not null && !Tenancy.IsValidRegionPrefix(region))
        {
            reason = "region must be a region-code prefix: 2 to 6 digits, the first 1 to 8 (e.g. 4403 or 440305)";
            return false;
        }

        bool? compliant = null;
        if (Text(query, "compliant") is { } compliantText)
        {
            if (!bool.TryParse(compliantText, out var value))
            {
                reason = "compliant must be true or false";
                return false;
            }

            compliant = value;
        }

        if (!TryNumber(query, "page", 1, 1, int.MaxValue / MaxPageSize, out var page, out reason)
            || !TryNumber(query, "pageSize", DefaultPageSize, 1, MaxPageSize, out var pageSize, out reason))
        {
            return false;
        }

        result = new RegulatorQuery(new RegulatorFilter(from, to, platform, merchant, region, compliant), page, pageSize);
        reason = "";
        return true;
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.ToString().Trim() is { Length: > 0 } text ? text : null;

    private static bool TryTime(IQueryCollection query, string name, DateTimeOffset fallback, out DateTimeOffset value, out string reason)
    {
        reason = "";
        value = fallback;
        if (Text(query, name) is not { } text)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            return true;
        }

        reason = $"{name} must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z";
        return false;
    }

    private static bool TryNumber(IQueryCollection query, string name, int fallback, int min, int max, out int value, out string reason)
    {
        reason = "";
        value = fallback;
        if (Text(query, name) is not { } text)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        reason = $"{name} must be a whole number from {min} to {max}";
        return false;
    }
}
