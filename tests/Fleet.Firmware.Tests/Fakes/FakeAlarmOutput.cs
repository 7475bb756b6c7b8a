using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Tests.Fakes;

public sealed class FakeAlarmOutput : IAlarmOutput
{
    public bool On { get; private set; }

    public int Switches { get; private set; }

    public void Set(bool on)
    {
        On = on;
        Switches++;
    }
}
