using System.Text;
using Fleet.Firmware.Protocol;
using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class CommandTests
{
    [Fact]
    public void AnAlarmCommandMovesTheLocalAlarmRangeOfThatCompartment()
    {
        var box = new TestBox();
        box.Run(1, ackEverything: true);
        box.Sensors.Compartments[0] = 6.0; // inside the default chilled range (at most 8 °C)

        Send(box, """{"cmd":"alarm","n":"c1","min":0,"max":5}""");
        box.Run(31, ackEverything: true);

        Assert.True(box.Alarm.On);
        Assert.DoesNotContain(Events(box), r => r.Name == Channels.Command);
    }

    [Theory]
    [InlineData("""{"cmd":"alarm","n":"c4","max":5}""", "unknown-compartment")] // the box has c1 … c3
    [InlineData("""{"cmd":"alarm","n":"c9","max":5}""", "unknown-compartment")]
    [InlineData("""{"cmd":"alarm","n":"c1"}""", "missing-value")]
    [InlineData("""{"cmd":"alarm","max":5}""", "missing-value")]
    [InlineData("""{"cmd":"alarm","n":"c1","min":5,"max":2}""", "out-of-range")]
    [InlineData("""{"cmd":"alarm","n":"c1","max":200}""", "out-of-range")]
    [InlineData("""{"cmd":"alarm","n":"c1","max":"cold"}""", "bad-value")]
    [InlineData("""{"cmd":"resend","from":1800000000}""", "missing-value")]
    [InlineData("""{"cmd":"resend","from":1800000100,"to":1800000000}""", "out-of-range")]
    [InlineData("""{"cmd":"resend","from":100,"to":200}""", "out-of-range")]
    [InlineData("""{"cmd":"resend","from":1800000000,"to":1800999999}""", "out-of-range")]
    [InlineData("""{"cmd":"resend","from":1700000000,"to":1700000100}""", "not-in-flash")]
    [InlineData("""{"cmd":"interval","value":1}""", "out-of-range")]
    public void ABadCommandIsRefusedAndTheRefusalIsReportedOnTheEventsTopic(string json, string reason)
    {
        var box = new TestBox();
        box.Run(1, ackEverything: true);

        Send(box, json);
        box.Run(2, ackEverything: true);

        Assert.Contains(Events(box), r => r.Name == Channels.Command && r.Text == "rejected:" + reason);
        Assert.Equal(30, box.Firmware.IntervalSeconds);
    }

    [Fact]
    public void AResendQueuesAgainTheDeliveredReadingsOfTheRangeStillInFlash()
    {
        var box = new TestBox();
        box.Run(95, ackEverything: true); // samples at 0, 30, 60, 90 s, all delivered
        int before = box.PublishedTelemetry().Count;

        Send(box, """{"cmd":"resend","from":1800000030,"to":1800000060}""");
        box.Run(2, ackEverything: true);

        var again = box.PublishedTelemetry().Skip(before).ToList();
        Assert.Equal(8, again.Count); // c1 c2 c3 ambient at 30 s and 60 s
        Assert.All(again, r => Assert.InRange(r.TimeMs, FakeClock.Start + 30_000, FakeClock.Start + 60_000));
    }

    [Fact]
    public void AResendWithoutARangePublishesTheStatusAgain()
    {
        var box = new TestBox();
        box.Run(1, ackEverything: true);
        int statuses = box.Link.On(Topics.Status).Count();

        Send(box, """{"cmd":"resend"}""");

        Assert.Equal(statuses + 1, box.Link.On(Topics.Status).Count());
    }

    [Fact]
    public void ParserReadsAnAlarmRangeWithDecimalsAndEitherBound()
    {
        var both = CommandParser.Parse("""{"cmd":"alarm","n":"c2","min":-25.5,"max":-18}""");
        var onlyMin = CommandParser.Parse("""{"cmd":"alarm","n":"c3","min":63}""");

        Assert.True(both.Accepted);
        Assert.Equal((2, true, -25.5, true, -18.0), (both.Compartment, both.HasMin, both.Min, both.HasMax, both.Max));
        Assert.True(onlyMin.Accepted);
        Assert.Equal((3, true, 63.0, false), (onlyMin.Compartment, onlyMin.HasMin, onlyMin.Min, onlyMin.HasMax));
    }

    private static void Send(TestBox box, string json) => box.Firmware.OnCommand(Encoding.UTF8.GetBytes(json));

    private static List<Senml.Resolved> Events(TestBox box) =>
        box.Link.On(Topics.Events).SelectMany(p => Senml.Resolve(p.Payload)).ToList();
}
