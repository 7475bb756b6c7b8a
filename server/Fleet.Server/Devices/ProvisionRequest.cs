using System.Diagnostics.CodeAnalysis;

namespace Fleet.Server.Devices;

/// <summary>The optional body of POST /api/devices/{boxId}/credentials.</summary>
/// <param name="Platform">The platform (tenant) the box belongs to, e.g. <c>meituan-sz</c>.</param>
public sealed record ProvisionRequest(string? Platform)
{
    /// <summary>The longest platform id.</summary>
    public const int MaxPlatformLength = 64;

    /// <summary>A platform id is 1-64 characters of a-z, 0-9, '-' and '_'.</summary>
    public static bool IsValidPlatform(string platform, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (platform.Length is 0 or > MaxPlatformLength)
        {
            problem = $"platform must be 1 to {MaxPlatformLength} characters";
            return false;
        }

        foreach (var c in platform)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                problem = "platform may hold only a-z, 0-9, '-' and '_'";
                return false;
            }
        }

        return true;
    }
}
