using System.Globalization;
using System.Text;

namespace Fleet.Server.Tests.Infrastructure;

/// <summary>Builds SenML telemetry packs as a box's firmware does: bn and bt on the first record, offsets in t.</summary>
public static class Senml
{
    public static string Telemetry(string boxId, long baseSeconds, params (string Channel, double OffsetSeconds, double Celsius)[] readings)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < readings.Length; i++)
        {
            var (channel, offset, celsius) = readings[i];
            json.Append(i == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{{\"bn\":\"{boxId}:\",\"bt\":{baseSeconds},\"bu\":\"Cel\",")
                : ",{");
            json.Append(CultureInfo.InvariantCulture, $"\"n\":\"{channel}\",\"t\":{offset},\"v\":{celsius}}}");
        }

        return json.Append(']').ToString();
    }

    public static long NowSeconds() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
