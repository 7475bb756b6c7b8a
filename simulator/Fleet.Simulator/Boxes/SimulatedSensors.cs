using Fleet.Firmware.Hardware;
using Fleet.Simulator.Thermal;

namespace Fleet.Simulator.Boxes;

/// <summary>The probes of a virtual box: the thermal models' true temperatures plus a little sensor noise.</summary>
internal sealed class SimulatedSensors(CompartmentModel[] compartments, AmbientModel ambient, Random noise) : ISensors
{
    private const double NoiseCelsius = 0.05;

    public bool Lid { get; set; }

    public double CompartmentTemperature(int number) =>
        number >= 1 && number <= compartments.Length ? compartments[number - 1].Temperature + (NoiseCelsius * Gaussian.Next(noise)) : double.NaN;

    public double AmbientTemperature() => ambient.Temperature + (NoiseCelsius * Gaussian.Next(noise));

    /// <summary>True while the UV-C lamp is on: the simulated UV sensor sees it.</summary>
    public bool Uvc { get; set; }

    public bool LidOpen() => Lid;

    public bool UvcConfirmed() => Uvc;
}
