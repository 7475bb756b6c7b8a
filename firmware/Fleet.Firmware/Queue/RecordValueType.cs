namespace Fleet.Firmware.Queue
{
    /// <summary>Which value a queued record carries (SenML "v", "vb" or "vs").</summary>
    public enum RecordValueType
    {
        /// <summary>A number ("v").</summary>
        Number = 0,

        /// <summary>A boolean ("vb").</summary>
        Boolean = 1,

        /// <summary>A string ("vs").</summary>
        Text = 2,
    }
}
