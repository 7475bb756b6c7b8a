namespace Fleet.Dashboard.Tests.Fakes;

/// <summary>
/// A clock the test sets. Only the wall-clock time and the time zone are fixed: timers and
/// timestamps stay real, so the pages' render throttle still ticks on its own.
/// </summary>
internal sealed class FixedTimeProvider(DateTimeOffset now, TimeZoneInfo? zone = null) : TimeProvider
{
    // Read by the pages' timer threads while a test moves it: keep reads whole.
    private long utcTicks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref utcTicks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone { get; } = zone ?? TimeZoneInfo.Utc;
}
