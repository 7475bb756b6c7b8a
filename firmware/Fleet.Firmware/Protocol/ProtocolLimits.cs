namespace Fleet.Firmware.Protocol
{
    /// <summary>Sizes and times both ends keep to.</summary>
    public static class ProtocolLimits
    {
        /// <summary>The protocol version in topics and status documents.</summary>
        public const int Version = 1;

        /// <summary>Largest payload the server accepts, bytes.</summary>
        public const int MaxPayloadBytes = 64 * 1024;

        /// <summary>Most records in one SenML pack.</summary>
        public const int MaxRecordsPerPack = 1000;

        /// <summary>SenML times below this are relative (RFC 8428 section 4.5.3); Fleet needs absolute ones.</summary>
        public const double RelativeTimeLimitSeconds = 268435456;

        /// <summary>Earliest device time accepted: 2020-01-01T00:00:00Z, in seconds since the epoch.</summary>
        public const long EarliestDeviceTimeSeconds = 1577836800;

        /// <summary>Shortest sampling interval a box accepts, seconds.</summary>
        public const int MinIntervalSeconds = 5;

        /// <summary>Longest sampling interval a box accepts, seconds (EN 12830 asks for at most 5 min).</summary>
        public const int MaxIntervalSeconds = 300;
    }
}
