using System.Text.Json;

namespace Fleet.Simulator.Tests.Support;

/// <summary>Resolves SenML packs (RFC 8428 section 4.6) with System.Text.Json, independently of the firmware's encoder.</summary>
public static class Senml
{
    public sealed record Resolved(string BaseName, string Name, long TimeMs, double? Value, bool? Flag);

    public static List<Resolved> Resolve(byte[] payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var result = new List<Resolved>();
        string bn = "";
        double bt = 0;
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            if (r.TryGetProperty("bn", out var v)) bn = v.GetString()!;
            if (r.TryGetProperty("bt", out v)) bt = v.GetDouble();
            double t = r.TryGetProperty("t", out v) ? v.GetDouble() : 0;
            result.Add(new Resolved(
                bn,
                r.GetProperty("n").GetString()!,
                (long)Math.Round((bt + t) * 1000),
                r.TryGetProperty("v", out v) ? v.GetDouble() : null,
                r.TryGetProperty("vb", out v) ? v.GetBoolean() : null));
        }

        return result;
    }
}
