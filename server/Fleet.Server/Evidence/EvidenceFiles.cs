using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Server.Evidence;

/// <summary>The data files of a bundle, written from an <see cref="EvidenceSet"/>: CSV for records, JSON for the rest.</summary>
public static class EvidenceFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>File name → content, in the order they are listed in the manifest (by name).</summary>
    public static SortedDictionary<string, byte[]> Write(EvidenceSet set)
    {
        return new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["readings.csv"] = Readings(set),
            ["events.csv"] = Events(set),
            ["gaps.csv"] = Gaps(set),
            ["chain-links.csv"] = Links(set),
            ["chain-heads.txt"] = Heads(set),
            ["alerts.json"] = JsonFile(set.Alerts),
            ["deliveries.json"] = JsonFile(set.Deliveries),
            ["rules.json"] = JsonFile(new { rules = set.Rules, watch = set.Watch, verdicts = set.Verdicts }),
            ["devices.json"] = JsonFile(set.Boxes.Select(b => new { b.BoxId, device = b.Device, profile = b.Profile, calibrations = b.Calibrations })),
            ["chain-verification.json"] = JsonFile(set.Boxes.Select(b => new { b.BoxId, b.Verification })),
            ["subject.json"] = JsonFile(new { set.Kind, set.SubjectId, set.Title, set.From, set.To, set.GeneratedAt, set.GeneratedFor }),
        };
    }

    /// <summary>One line per box: box id, its head's link number and hash, separated by single spaces.</summary>
    public static byte[] Heads(EvidenceSet set)
    {
        var text = new StringBuilder();
        foreach (var box in set.Boxes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{box.BoxId} {box.Head.Seq} {box.Head.Hash}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Readings(EvidenceSet set)
    {
        var csv = new StringBuilder("box_id,channel,device_time_utc,device_time_ms,value_celsius,received_at_ms,link\n");
        foreach (var box in set.Boxes)
        {
            foreach (var (r, link) in box.Records.Readings)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Field(r.BoxId)},{Field(r.Channel)},{Iso(r.DeviceTimeMs)},{r.DeviceTimeMs},{r.Value:R},{r.ReceivedAtMs},{link}\n");
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] Events(EvidenceSet set)
    {
        var csv = new StringBuilder("box_id,name,device_time_utc,device_time_ms,value,received_at_ms,link\n");
        foreach (var box in set.Boxes)
        {
            foreach (var (e, link) in box.Records.Events)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Field(e.BoxId)},{Field(e.Name)},{Iso(e.DeviceTimeMs)},{e.DeviceTimeMs},{Field(e.Value)},{e.ReceivedAtMs},{link}\n");
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] Gaps(EvidenceSet set)
    {
        var csv = new StringBuilder("box_id,channel,from_utc,to_utc,minutes,reason\n");
        foreach (var gap in set.Boxes.SelectMany(b => b.Gaps))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Field(gap.BoxId)},{Field(gap.Channel)},{Iso(gap.From)},{Iso(gap.To)},{gap.Minutes},{Field(gap.Reason)}\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] Links(EvidenceSet set)
    {
        var csv = new StringBuilder("box_id,seq,records,first_device_time_ms,last_device_time_ms,stored_at_ms,content_hash,prev_hash,link_hash\n");
        foreach (var box in set.Boxes)
        {
            foreach (var l in box.Links)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Field(l.BoxId)},{l.Seq},{l.Records},{l.FirstDeviceTimeMs},{l.LastDeviceTimeMs},{l.StoredAtMs},{l.ContentHash},{l.PreviousHash},{l.LinkHash}\n");
            }
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] JsonFile<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    private static string Iso(long ms) => Iso(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
