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
}
