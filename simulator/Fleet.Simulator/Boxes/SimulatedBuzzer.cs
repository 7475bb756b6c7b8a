using Fleet.Firmware.Hardware;

namespace Fleet.Simulator.Boxes;

/// <summary>The box's buzzer: remembers whether it sounds.</summary>
internal sealed class SimulatedBuzzer : IAlarmOutput
{
    public bool On { get; private set; }

    public void Set(bool on) => On = on;
}
