using System.Globalization;
using System.Text;

namespace Fleet.Server.Storage.Influx;

/// <summary>
/// InfluxDB line protocol for the two measurements (docs/operations.md): reading,box=…,channel=…
/// value=…,received_at=…i {ms} and event,box=…,name=… value="…",received_at=…i {ms}. Writes use
/// precision=ms, the device time's own resolution, so a point's identity is exactly the store's key.
/// A point that belongs to a hash-chain link also carries its number as the integer field link.
/// </summary>
public static class LineProtocol
{
    public const string ReadingMeasurement = "reading";
    public const string EventMeasurement = "event";

    public static void AppendReading(StringBuilder lines, in Reading reading, long link = 0)
    {
        lines.Append(ReadingMeasurement).Append(",box=");
        AppendTag(lines, reading.BoxId);
        lines.Append(",channel=");
        AppendTag(lines, reading.Channel);
        lines.Append(" value=").Append(reading.Value.ToString("R", CultureInfo.InvariantCulture))
            .Append(",received_at=").Append(reading.ReceivedAtMs.ToString(CultureInfo.InvariantCulture)).Append('i');
        AppendLink(lines, link);
        lines.Append(' ').Append(reading.DeviceTimeMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public static void AppendEvent(StringBuilder lines, in BoxEvent boxEvent, long link = 0)
    {
        lines.Append(EventMeasurement).Append(",box=");
        AppendTag(lines, boxEvent.BoxId);
        lines.Append(",name=");
        AppendTag(lines, boxEvent.Name);
        lines.Append(" value=\"");
        foreach (var c in boxEvent.Value)
        {
            if (c is '"' or '\\')
            {
                lines.Append('\\');
            }

            lines.Append(c);
        }

        lines.Append("\",received_at=").Append(boxEvent.ReceivedAtMs.ToString(CultureInfo.InvariantCulture)).Append('i');
        AppendLink(lines, link);
        lines.Append(' ').Append(boxEvent.DeviceTimeMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    /// <summary>An InfluxQL string literal: single quotes, with quote and backslash escaped.</summary>
    public static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static void AppendLink(StringBuilder lines, long link)
    {
        if (link > 0)
        {
            lines.Append(",link=").Append(link.ToString(CultureInfo.InvariantCulture)).Append('i');
        }
    }

    private static void AppendTag(StringBuilder lines, string value)
    {
        foreach (var c in value)
        {
            if (c is ',' or '=' or ' ' or '\\')
            {
                lines.Append('\\');
            }

            lines.Append(c);
        }
    }
}
