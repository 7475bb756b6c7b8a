using Fleet.Firmware.Protocol;
using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class DisinfectionTests
{
    [Fact]
    public void ACycleConfirmedByTheUvSensorForTheMinimumDoseIsCompleteAndSwitchesTheLampOff()
    {
        var box = new TestBox(configure: c => c.MinimumDoseSeconds = 60);
        box.Run(1, ackEverything: true);

        Assert.True(box.Firmware.StartDisinfection());
        box.Sensors.UvConfirmed = true;
        box.Run(70, ackEverything: true);

        Assert.False(box.Lamp.On);
        Assert.Equal(["complete:60"], Disinfection(box));
        Assert.Equal([true, false], Events(box).Where(r => r.Name == Channels.Uvc).Select(r => r.Flag!.Value));
    }

    [Fact]
    public void UnconfirmedTimeDoesNotCountTowardTheDose()
    {
        var box = new TestBox(configure: c => { c.MinimumDoseSeconds = 60; c.UvcConfirmTimeoutSeconds = 20; });
        box.Run(1, ackEverything: true);
        box.Firmware.StartDisinfection();
        box.Sensors.UvConfirmed = true;
        box.Run(30, ackEverything: true);
        box.Sensors.UvConfirmed = false; // lamp flickers out for 10 s
        box.Run(10, ackEverything: true);
        box.Sensors.UvConfirmed = true;
        box.Run(25, ackEverything: true);

        Assert.True(box.Firmware.DisinfectionRunning, "only 55 s of confirmed UV-C so far");
        box.Run(10, ackEverything: true);
        Assert.Equal(["complete:60"], Disinfection(box));
    }

    [Fact]
    public void OpeningTheLidDuringACycleEndsItIncompleteAndSwitchesTheLampOff()
    {
        var box = new TestBox(configure: c => c.MinimumDoseSeconds = 60);
        box.Run(1, ackEverything: true);
        box.Firmware.StartDisinfection();
        box.Sensors.UvConfirmed = true;
        box.Run(20, ackEverything: true);
        box.Sensors.Lid = true;
        box.Run(5, ackEverything: true);

        Assert.False(box.Lamp.On);
        Assert.Equal(["incomplete:lid"], Disinfection(box));
    }

    [Fact]
    public void ALampTheSensorNeverConfirmsEndsTheCycleIncomplete()
    {
        var box = new TestBox(configure: c => c.UvcConfirmTimeoutSeconds = 10);
        box.Run(1, ackEverything: true);
        box.Firmware.StartDisinfection();
        box.Run(15, ackEverything: true);

        Assert.False(box.Lamp.On);
        Assert.Equal(["incomplete:unconfirmed"], Disinfection(box));
    }

    [Fact]
    public void TheLampSwitchedOffBeforeTheDoseEndsTheCycleIncomplete()
    {
        var box = new TestBox(configure: c => c.MinimumDoseSeconds = 60);
        box.Run(1, ackEverything: true);
        box.Firmware.UvcLamp(true);
        box.Sensors.UvConfirmed = true;
        box.Run(30, ackEverything: true);
        box.Firmware.UvcLamp(false);
        box.Run(2, ackEverything: true);

        Assert.Equal(["incomplete:lamp-off"], Disinfection(box));
    }

    [Fact]
    public void ACycleDoesNotStartWhileTheLidIsOpen()
    {
        var box = new TestBox();
        box.Sensors.Lid = true;
        box.Run(1, ackEverything: true);

        Assert.False(box.Firmware.StartDisinfection());
        Assert.False(box.Lamp.On);
    }

    private static List<string?> Disinfection(TestBox box) =>
        Events(box).Where(r => r.Name == Channels.Disinfection).Select(r => r.Text).ToList();

    private static List<Senml.Resolved> Events(TestBox box) =>
        box.Link.On(Topics.Events).SelectMany(p => Senml.Resolve(p.Payload)).ToList();
}
