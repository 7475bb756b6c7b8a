using Fleet.Server.Platform;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Platform;

public sealed class PlatformCalendarTests
{
    [Theory]
    [InlineData("2026-11-23T15:59:59Z", "2026-11-23")]
    [InlineData("2026-11-23T16:00:00Z", "2026-11-24")] // midnight in Beijing
    [InlineData("2026-11-23T23:00:00Z", "2026-11-24")] // 07:00 in Beijing: still the 23rd in UTC
    public void TheDayIsTheBeijingDayByDefault(string utc, string day)
    {
        var calendar = Calendar(utc, new PlatformOptions());

        Assert.Equal(DateOnly.Parse(day), calendar.Today());
    }

    [Fact]
    public void AnotherOffsetGivesItsOwnDay()
    {
        var calendar = Calendar("2026-11-23T23:00:00Z", new PlatformOptions { UtcOffsetHours = -5 });

        Assert.Equal(new DateOnly(2026, 11, 23), calendar.Today());
        Assert.Equal(new DateOnly(2026, 11, 22), calendar.DayOf(DateTimeOffset.Parse("2026-11-23T04:59:00Z")));
    }

    private static PlatformCalendar Calendar(string utcNow, PlatformOptions options) =>
        new(new FixedTime(DateTimeOffset.Parse(utcNow)), Options.Create(options));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
