using Fleet.Firmware.Alarm;
using Fleet.Firmware.Protocol;
using Fleet.Firmware.Queue;
using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class LocalAlarmTests
{
    private const long T0 = 1_795_000_000_000;

    [Fact]
    public void AlarmDoesNotFlapAtThreshold()
    {
        var output = new FakeAlarmOutput();
        var queue = new StoreAndForwardQueue(new InMemoryRecordStorage(100));
        var alarm = new LocalAlarm(output, queue, 0.5);
        alarm.SetRange(1, AlarmRange.ForKind(CompartmentKinds.Chilled));

        double[] hovering = [7.9, 8.1, 7.9, 8.05, 7.8, 8.2, 7.6, 8.0];
        for (int i = 0; i < hovering.Length; i++)
        {
            alarm.Evaluate(1, hovering[i], T0 + (i * 30_000));
        }

        Assert.True(alarm.IsActive(1));
        Assert.True(output.On);
        Assert.Equal(1, queue.Count); // one "c1.alarm" true, no flapping

        alarm.Evaluate(1, 7.5, T0 + 300_000); // back by the hysteresis
        Assert.False(alarm.IsActive(1));
        Assert.False(output.On);

        var events = Senml.Resolve(Fleet.Firmware.Protocol.SenmlWriter.Encode("BX-0001", queue.PeekBatch(10)!.Records));
        Assert.Equal(["c1.alarm", "c1.alarm"], events.Select(e => e.Name));
        Assert.Equal([true, false], events.Select(e => e.Flag!.Value));
        Assert.Equal([T0 + 30_000, T0 + 300_000], events.Select(e => e.TimeMs));
    }

    [Fact]
    public void EachKindAlarmsOnItsOwnSideOfItsRange()
    {
        var output = new FakeAlarmOutput();
        var alarm = new LocalAlarm(output, new StoreAndForwardQueue(new InMemoryRecordStorage(100)), 0.5);
        alarm.SetRange(1, AlarmRange.ForKind(CompartmentKinds.Chilled));
        alarm.SetRange(2, AlarmRange.ForKind(CompartmentKinds.Frozen));
        alarm.SetRange(3, AlarmRange.ForKind(CompartmentKinds.Hot));
        alarm.SetRange(4, AlarmRange.ForKind(CompartmentKinds.Ambient));

        alarm.Evaluate(1, 2, T0);
        alarm.Evaluate(2, -25, T0);
        alarm.Evaluate(3, 70, T0);
        alarm.Evaluate(4, 40, T0);
        Assert.False(output.On);

        alarm.Evaluate(2, -17.5, T0);
        alarm.Evaluate(3, 59, T0);
        Assert.True(alarm.IsActive(2));
        Assert.True(alarm.IsActive(3));
        Assert.False(alarm.IsActive(4));

        alarm.Evaluate(2, -18.6, T0);
        Assert.True(output.On); // compartment 3 still alarms
        alarm.Evaluate(3, 60.2, T0);
        Assert.True(alarm.IsActive(3)); // not back by the hysteresis yet
        alarm.Evaluate(3, 60.5, T0);
        Assert.False(output.On);
    }
}
