namespace Fleet.Firmware.Hardware
{
    /// <summary>The relay of the UV-C disinfection lamp, so the firmware can end a cycle and keep the lamp off while the lid is open.</summary>
    public interface IUvcLampOutput
    {
        /// <summary>Switches the lamp on or off.</summary>
        void Set(bool on);
    }
}
