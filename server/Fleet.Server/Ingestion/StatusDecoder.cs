using System.Buffers;
using System.Text.Json;
using Fleet.Firmware.Protocol;

namespace Fleet.Server.Ingestion;

/// <summary>
/// Decodes a status document. Status messages are rare (on connect and as the last will), so a
/// JsonDocument is cheap enough here; a bad compartment entry is rejected alone.
/// </summary>
public static class StatusDecoder
{
    public static BoxStatus? Decode(ReadOnlySequence<byte> payload, List<RecordRejection> rejections)
    {
        if (payload.Length > ProtocolLimits.MaxPayloadBytes)
        {
            rejections.Add(new RecordRejection(-1, RejectReasons.TooLarge, $"{payload.Length} bytes; the limit is {ProtocolLimits.MaxPayloadBytes}"));
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 8 });
            return Decode(document.RootElement, rejections);
        }
        catch (JsonException exception)
        {
            rejections.Add(new RecordRejection(-1, RejectReasons.Malformed, "not valid JSON: " + exception.Message));
            return null;
        }
    }

    private static BoxStatus? Decode(JsonElement root, List<RecordRejection> rejections)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Whole(rejections, "a status document must be a JSON object");
        }

        if (root.TryGetProperty("v", out var version) && !(version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var v) && v == ProtocolLimits.Version))
        {
            return Whole(rejections, $"unsupported status version {version.GetRawText()}");
        }

        if (!root.TryGetProperty("state", out var stateElement) || stateElement.ValueKind != JsonValueKind.String)
        {
            return Whole(rejections, "\"state\" is missing");
        }

        var state = stateElement.GetString();
        if (state != StatusDocument.Online && state != StatusDocument.Offline)
        {
            return Whole(rejections, $"\"state\" must be online or offline, not \"{state}\"");
        }

        long? deviceTimeMs = null;
        if (Number(root, "t") is { } seconds)
        {
            deviceTimeMs = (long)Math.Round(seconds * 1000);
        }

        var interval = Number(root, "interval");
        return new BoxStatus(
            state == StatusDocument.Online,
            root.TryGetProperty("fw", out var fw) && fw.ValueKind == JsonValueKind.String ? fw.GetString() : null,
            deviceTimeMs,
            interval is >= 1 and <= int.MaxValue ? (int)interval.Value : null,
            (long?)Number(root, "queued"),
            (long?)Number(root, "dropped"),
            Compartments(root, rejections));
    }

    private static List<CompartmentKind>? Compartments(JsonElement root, List<RecordRejection> rejections)
    {
        if (!root.TryGetProperty("compartments", out var list))
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            rejections.Add(new RecordRejection(-1, RejectReasons.Malformed, "\"compartments\" must be an array"));
            return null;
        }

        var result = new List<CompartmentKind>();
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var channel = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var kind = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (channel is null || Channels.CompartmentNumber(channel) == 0)
            {
                rejections.Add(new RecordRejection(index, RejectReasons.UnknownChannel, $"compartment {index}: no compartment named \"{channel}\""));
            }
            else if (kind is null || !CompartmentKinds.IsKnown(kind))
            {
                rejections.Add(new RecordRejection(index, RejectReasons.Malformed, $"compartment {index} ({channel}): kind \"{kind}\" is not chilled, frozen, hot or ambient"));
            }
            else
            {
                result.Add(new CompartmentKind(Channels.Compartment(Channels.CompartmentNumber(channel)), kind));
            }

            index++;
        }

        return result;
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) ? value : null;

    private static BoxStatus? Whole(List<RecordRejection> rejections, string detail)
    {
        rejections.Add(new RecordRejection(-1, RejectReasons.Malformed, detail));
        return null;
    }
}
