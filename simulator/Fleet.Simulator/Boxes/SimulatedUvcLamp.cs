using Fleet.Firmware.Hardware;

namespace Fleet.Simulator.Boxes;

/// <summary>The UV-C lamp relay: the simulated UV sensor sees the lamp while it is on.</summary>
internal sealed class SimulatedUvcLamp(SimulatedSensors sensors) : IUvcLampOutput
{
    public void Set(bool on) => sensors.Uvc = on;
}
