namespace Fleet.Firmware.Hardware
{
    /// <summary>The box's local alarm: a buzzer and a red LED the courier notices.</summary>
    public interface IAlarmOutput
    {
        /// <summary>Switches the alarm on or off.</summary>
        void Set(bool on);
    }
}
