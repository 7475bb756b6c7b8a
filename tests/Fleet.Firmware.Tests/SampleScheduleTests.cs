using Fleet.Firmware.Sampling;

namespace Fleet.Firmware.Tests;

public sealed class SampleScheduleTests
{
    private const long T0 = 1_795_000_007_123; // an arbitrary boot time

    [Fact]
    public void FirstSampleIsDueAtOnceThenOnAlignedSlotsWithoutDrift()
    {
        var schedule = new SampleSchedule(30);
        var taken = new List<long>();

        for (long now = T0; now < T0 + 120_000; now += 700) // a step every 0.7 s
        {
            if (schedule.IsDue(now))
            {
                taken.Add(now);
                schedule.MarkSampled(now);
            }
        }

        Assert.Equal(T0, taken[0]);
        Assert.Equal(5, taken.Count);
        Assert.All(taken.Skip(1), t => Assert.InRange(t % 30_000, 0, 699));
    }

    [Fact]
    public void ChangedIntervalAppliesFromTheLastSample()
    {
        var schedule = new SampleSchedule(300);
        schedule.MarkSampled(1_795_000_000_000);
        Assert.False(schedule.IsDue(1_795_000_010_000));

        schedule.SetInterval(5);

        Assert.Equal(1_795_000_005_000, schedule.NextDueMs);
        Assert.True(schedule.IsDue(1_795_000_010_000));
    }
}
