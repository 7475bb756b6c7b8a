using Fleet.Server.Platform;
using Microsoft.Extensions.Options;

namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>Today as the server's calendar counts it (Platform:UtcOffsetHours, +8 by default), not the UTC date.</summary>
public static class PlatformDay
{
    public static DateTime Today =>
        new PlatformCalendar(TimeProvider.System, Options.Create(new PlatformOptions())).Today().ToDateTime(TimeOnly.MinValue);
}
