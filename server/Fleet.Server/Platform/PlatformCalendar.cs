using Microsoft.Extensions.Options;

namespace Fleet.Server.Platform;

/// <summary>
/// Days as the platform counts them. A health check done at 07:00 in Beijing belongs to that
/// Beijing day, although it is still the previous day in UTC.
/// </summary>
public sealed class PlatformCalendar(TimeProvider time, IOptions<PlatformOptions> options)
{
    private readonly TimeSpan _offset = TimeSpan.FromHours(options.Value.UtcOffsetHours);

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(_offset).DateTime);

    public DateOnly Today() => DayOf(time.GetUtcNow());

    /// <summary>The instant the platform's day <paramref name="day"/> ends (the next one begins).</summary>
    public DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), _offset);
}
