using System.Globalization;
using System.Text;

namespace Fleet.Benchmarks.Load;

/// <summary>The payloads the harness publishes, written as docs/protocol.md describes them.</summary>
public static class SenmlPayloads
{
    public static string TelemetryTopic(string boxId) => $"fleet/v1/boxes/{boxId}/telemetry";

    public static string StatusTopic(string boxId) => $"fleet/v1/boxes/{boxId}/status";

    /// <summary>A status declaring c1 chilled, so every reading on c1 goes through the chilled rule.</summary>
    public static byte[] ChilledStatus(long nowMs) => Encoding.UTF8.GetBytes(
        $$"""{"v":1,"state":"online","fw":"bench","t":{{nowMs / 1000}},"interval":10,"compartments":[{"n":"c1","kind":"chilled"}]}""");

    /// <summary>
    /// A pack of c1 readings at device times firstMs, firstMs + stepMs, …: the base time in whole
    /// seconds and each record's offset to the millisecond, as the firmware writes them.
    /// </summary>
    public static byte[] Readings(string boxId, long firstMs, int count, int stepMs, double celsius)
    {
        var baseSeconds = firstMs / 1000;
        var builder = new StringBuilder(96 + count * 40);
        builder.Append("[{\"bn\":\"").Append(boxId).Append(":\",\"bt\":").Append(baseSeconds).Append(",\"bu\":\"Cel\"");
        for (var i = 0; i < count; i++)
        {
            var offsetMs = firstMs + (long)i * stepMs - baseSeconds * 1000;
            builder.Append(i == 0 ? "," : ",{")
                .Append("\"n\":\"c1\",\"t\":").Append((offsetMs / 1000.0).ToString("0.###", CultureInfo.InvariantCulture))
                .Append(",\"v\":").Append(celsius.ToString("0.00", CultureInfo.InvariantCulture)).Append('}');
        }

        return Encoding.UTF8.GetBytes(builder.Append(']').ToString());
    }

    /// <summary>A light box's status: c1 chilled and c2 frozen, sampled every <paramref name="intervalSeconds"/>.</summary>
    public static byte[] TwoCompartmentStatus(long nowMs, int intervalSeconds) => Encoding.UTF8.GetBytes(
        $$"""{"v":1,"state":"online","fw":"bench","t":{{nowMs / 1000}},"interval":{{intervalSeconds}},"compartments":[{"n":"c1","kind":"chilled"},{"n":"c2","kind":"frozen"}]}""");

    /// <summary>
    /// Samples of a light box, <paramref name="stepMs"/> apart from <paramref name="firstMs"/>: each
    /// sample one record per channel (c1, c2 and, when given, the ambient probe), as the firmware packs them.
    /// </summary>
    public static byte[] Samples(string boxId, long firstMs, int count, int stepMs, Func<int, (double C1, double C2, double? Ambient)> sample)
    {
        var baseSeconds = firstMs / 1000;
        var builder = new StringBuilder(96 + count * 90);
        builder.Append("[{\"bn\":\"").Append(boxId).Append(":\",\"bt\":").Append(baseSeconds).Append(",\"bu\":\"Cel\"");
        var first = true;
        for (var i = 0; i < count; i++)
        {
            var offset = ((firstMs + (long)i * stepMs - baseSeconds * 1000) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
            var (c1, c2, ambient) = sample(i);
            Record(builder, ref first, "c1", offset, c1);
            Record(builder, ref first, "c2", offset, c2);
            if (ambient is { } air)
            {
                Record(builder, ref first, "ambient", offset, air);
            }
        }

        return Encoding.UTF8.GetBytes(builder.Append(']').ToString());
    }

    private static void Record(StringBuilder builder, ref bool first, string channel, string offset, double celsius)
    {
        builder.Append(first ? "," : ",{").Append("\"n\":\"").Append(channel).Append("\",\"t\":").Append(offset)
            .Append(",\"v\":").Append(celsius.ToString("0.00", CultureInfo.InvariantCulture)).Append('}');
        first = false;
    }
}
