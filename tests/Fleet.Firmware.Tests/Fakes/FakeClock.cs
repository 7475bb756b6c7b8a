using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>A device clock the test moves by hand.</summary>
public sealed class FakeClock(long startMs = FakeClock.Start) : IClock
{
    /// <summary>A boot time on a whole 5-minute boundary, so sample slots fall on whole intervals from it.</summary>
    public const long Start = 1_800_000_000_000;

    public long NowMs { get; set; } = startMs;

    public void Advance(long ms) => NowMs += ms;
}
