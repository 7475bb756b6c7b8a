using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>
/// A device clock the test moves by hand: uptime from boot, and an RTC that is synced from the
/// start unless the test says otherwise.
/// </summary>
public sealed class FakeClock(long startMs = FakeClock.Start) : IClock
{
    /// <summary>A boot time on a whole 5-minute boundary, so sample slots fall on whole intervals from it.</summary>
    public const long Start = 1_800_000_000_000;

    /// <summary>What an ESP32's RTC reads before SNTP has set it: 1970 plus the uptime.</summary>
    public const long UnsyncedRtcMs = 0;

    public long UptimeMs { get; set; }

    public bool IsSynced { get; set; } = true;

    /// <summary>Device time at boot as the RTC would give it once synced.</summary>
    public long BootMs { get; set; } = startMs;

    public long NowMs => IsSynced ? BootMs + UptimeMs : UnsyncedRtcMs + UptimeMs;

    public void Advance(long ms) => UptimeMs += ms;

    /// <summary>The RTC is set (or reset) so that now reads <paramref name="nowMs"/>.</summary>
    public void SetRtc(long nowMs)
    {
        IsSynced = true;
        BootMs = nowMs - UptimeMs;
    }

    /// <summary>Power cycle: uptime starts again from 0 and the RTC keeps its time only if <paramref name="keepRtc"/>.</summary>
    public void Reboot(bool keepRtc)
    {
        long now = NowMs;
        UptimeMs = 0;
        IsSynced = keepRtc && IsSynced;
        BootMs = now;
    }
}
