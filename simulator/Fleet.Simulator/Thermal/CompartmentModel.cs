namespace Fleet.Simulator.Thermal;

/// <summary>
/// One compartment's temperature. Heat leaks through the insulation toward ambient (Newton cooling,
/// time constant <see cref="InsulationTimeConstant"/>, several times faster while the lid is open).
/// The active element (compressor or heater) supplies exactly the power that holds the setpoint
/// against the leak at a closed lid, plus a proportional term that pulls back to the setpoint, so a
/// healthy compartment settles at its setpoint. When it fails only the leak is left and the compartment
/// drifts to ambient. Each step is the exact solution of the linear ODE, so any step size is stable.
/// </summary>
public sealed class CompartmentModel
{
    /// <summary>Creates a compartment at its setpoint.</summary>
    public CompartmentModel(double setpointCelsius, TimeSpan insulationTimeConstant, TimeSpan activeTimeConstant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(insulationTimeConstant, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(activeTimeConstant, TimeSpan.Zero);
        Setpoint = setpointCelsius;
        InsulationTimeConstant = insulationTimeConstant;
        ActiveTimeConstant = activeTimeConstant;
        Temperature = setpointCelsius;
    }

    /// <summary>What the active element holds, °C.</summary>
    public double Setpoint { get; }

    /// <summary>Time constant of the leak through the closed lid and walls.</summary>
    public TimeSpan InsulationTimeConstant { get; }

    /// <summary>Time constant of the active element's pull toward the setpoint.</summary>
    public TimeSpan ActiveTimeConstant { get; }

    /// <summary>How many times faster heat leaks while the lid is open.</summary>
    public double OpenLidFactor { get; init; } = 6;

    /// <summary>True temperature, °C.</summary>
    public double Temperature { get; set; }

    /// <summary>False while the cooling (or heating) has failed.</summary>
    public bool ActiveElementWorking { get; set; } = true;

    /// <summary>True while the lid is open.</summary>
    public bool LidOpen { get; set; }

    /// <summary>Advances the model by <paramref name="elapsed"/> of device time at <paramref name="ambientCelsius"/>.</summary>
    public void Advance(TimeSpan elapsed, double ambientCelsius)
    {
        if (elapsed <= TimeSpan.Zero)
        {
            return;
        }

        double a = 1 / InsulationTimeConstant.TotalSeconds;
        double leak = LidOpen ? a * OpenLidFactor : a;
        double k = leak;
        double c = leak * ambientCelsius;
        if (ActiveElementWorking)
        {
            double b = 1 / ActiveTimeConstant.TotalSeconds;
            k += b;
            c += (b * Setpoint) - (a * (ambientCelsius - Setpoint));
        }

        // dT/dt = c - kT  =>  T(t) = Teq + (T0 - Teq) e^(-kt), Teq = c / k
        double equilibrium = c / k;
        Temperature = equilibrium + ((Temperature - equilibrium) * Math.Exp(-k * elapsed.TotalSeconds));
    }
}
