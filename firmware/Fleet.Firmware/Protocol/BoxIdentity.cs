namespace Fleet.Firmware.Protocol
{
    /// <summary>
    /// Rules for a box identity: 1 to 32 characters from A-Z a-z 0-9 '-' '_'.
    /// The box id is also the MQTT client id and the SenML base name (<c>{boxId}:</c>).
    /// </summary>
    public static class BoxIdentity
    {
        /// <summary>The longest box id.</summary>
        public const int MaxLength = 32;

        /// <summary>True when <paramref name="boxId"/> is a well-formed box id.</summary>
        public static bool IsValid(string boxId)
        {
            if (boxId == null || boxId.Length == 0 || boxId.Length > MaxLength)
            {
                return false;
            }

            for (int i = 0; i < boxId.Length; i++)
            {
                char c = boxId[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The SenML base name of a box: its id followed by a colon.</summary>
        public static string BaseName(string boxId)
        {
            return boxId + ":";
        }
    }
}
