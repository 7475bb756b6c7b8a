using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>The UV-C lamp relay: remembers whether the lamp is on.</summary>
public sealed class FakeUvcLamp : IUvcLampOutput
{
    public bool On { get; private set; }

    public void Set(bool on) => On = on;
}
