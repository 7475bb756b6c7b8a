using System.Text.Json;

namespace Fleet.Firmware.Tests.Fakes;

/// <summary>An independent SenML resolver (RFC 8428 section 4.6) built on System.Text.Json, to check the encoder against.</summary>
public static class Senml
{
    public sealed record Resolved(string BaseName, string Name, long TimeMs, string? Unit, double? Value, bool? Flag, string? Text);

    public static List<Resolved> Resolve(byte[] payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var result = new List<Resolved>();
        string bn = "";
        double bt = 0;
        string? bu = null;
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            if (r.TryGetProperty("bn", out var v)) bn = v.GetString()!;
            if (r.TryGetProperty("bt", out v)) bt = v.GetDouble();
            if (r.TryGetProperty("bu", out v)) bu = v.GetString();
            double t = r.TryGetProperty("t", out v) ? v.GetDouble() : 0;
            result.Add(new Resolved(
                bn,
                r.GetProperty("n").GetString()!,
                (long)Math.Round((bt + t) * 1000),
                r.TryGetProperty("u", out v) ? v.GetString() : bu,
                r.TryGetProperty("v", out v) ? v.GetDouble() : null,
                r.TryGetProperty("vb", out v) ? v.GetBoolean() : null,
                r.TryGetProperty("vs", out v) ? v.GetString() : null));
        }

        return result;
    }
}
