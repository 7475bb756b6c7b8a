namespace Fleet.Firmware.Hardware
{
    /// <summary>The box's probes and switches.</summary>
    public interface ISensors
    {
        /// <summary>
        /// Temperature of compartment <paramref name="number"/> (1-based), °C;
        /// <see cref="double.NaN"/> when the probe cannot be read.
        /// </summary>
        double CompartmentTemperature(int number);

        /// <summary>Air temperature outside the compartments, °C; NaN when unreadable.</summary>
        double AmbientTemperature();

        /// <summary>True while the lid is open.</summary>
        bool LidOpen();

        /// <summary>
        /// True while the UV sensor sees UV-C in the compartment (or the lamp-current sense sees the
        /// lamp draw current): the proof that a disinfection cycle really runs.
        /// </summary>
        bool UvcConfirmed();
    }
}
