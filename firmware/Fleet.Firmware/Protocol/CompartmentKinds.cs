namespace Fleet.Firmware.Protocol
{
    /// <summary>What a compartment is built to hold, as declared in the status document.</summary>
    public static class CompartmentKinds
    {
        /// <summary>Refrigerated food, kept at or below 8 °C.</summary>
        public const string Chilled = "chilled";

        /// <summary>Frozen food, kept at or below -18 °C.</summary>
        public const string Frozen = "frozen";

        /// <summary>Hot food, kept at or above 60 °C.</summary>
        public const string Hot = "hot";

        /// <summary>Food with no temperature requirement.</summary>
        public const string Ambient = "ambient";

        /// <summary>True for one of the four kinds.</summary>
        public static bool IsKnown(string kind)
        {
            return kind == Chilled || kind == Frozen || kind == Hot || kind == Ambient;
        }
    }
}
