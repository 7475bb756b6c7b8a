namespace Fleet.Server.Storage.Influx;

/// <summary>Merges what InfluxDB answered with what the spool still holds, both oldest first.</summary>
internal static class SpoolMerge
{
    /// <summary>
    /// One list in device-time order, at most <paramref name="limit"/> long; a record in both (delivered
    /// while the two were read) appears once.
    /// </summary>
    public static IReadOnlyList<T> ByDeviceTime<T>(List<T> stored, List<T> spooled, Func<T, long> deviceTime, int limit)
    {
        if (spooled.Count == 0)
        {
            return stored;
        }

        var merged = new List<T>(Math.Min(limit, stored.Count + spooled.Count));
        int i = 0, j = 0;
        while (merged.Count < limit && (i < stored.Count || j < spooled.Count))
        {
            if (j == spooled.Count || (i < stored.Count && deviceTime(stored[i]) < deviceTime(spooled[j])))
            {
                merged.Add(stored[i++]);
            }
            else
            {
                if (i < stored.Count && deviceTime(stored[i]) == deviceTime(spooled[j]))
                {
                    i++;
                }

                merged.Add(spooled[j++]);
            }
        }

        return merged;
    }
}
