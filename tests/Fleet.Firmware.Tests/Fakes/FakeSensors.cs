using Fleet.Firmware.Hardware;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>Probes whose readings the test sets.</summary>
public sealed class FakeSensors : ISensors
{
    public double[] Compartments { get; } = [4.0, -20.0, 65.0, 0, 0, 0, 0, 0, 0];

    public double Ambient { get; set; } = 25.0;

    public bool Lid { get; set; }

    public double CompartmentTemperature(int number) => Compartments[number - 1];

    public double AmbientTemperature() => Ambient;

    public bool UvConfirmed { get; set; }

    public bool LidOpen() => Lid;

    public bool UvcConfirmed() => UvConfirmed;
}
