namespace Fleet.Firmware.Hardware
{
    /// <summary>
    /// A fixed-size file of bytes in the device's flash (on the ESP32 a file on the internal flash
    /// file system, "I:\"), written in place at offsets. A power cut may stop a write part-way:
    /// the bytes before the cut are written, the rest keep their old contents. The flash queue
    /// (<see cref="Fleet.Firmware.Queue.FlashRecordStorage"/>) is built to survive exactly that.
    /// </summary>
    public interface IFlashFile
    {
        /// <summary>Size of the file, bytes.</summary>
        int Length { get; }

        /// <summary>Reads <paramref name="count"/> bytes at <paramref name="offset"/> into <paramref name="buffer"/>; bytes never written read as 0xFF or 0.</summary>
        void Read(int offset, byte[] buffer, int index, int count);

        /// <summary>Writes <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        void Write(int offset, byte[] buffer, int index, int count);

        /// <summary>Makes the writes so far durable before returning.</summary>
        void Flush();
    }
}
