using Fleet.Firmware.Protocol;

namespace Fleet.Server.Ingestion;

/// <summary>A parsed fleet/v1/boxes/{boxId}/{kind} topic.</summary>
public readonly record struct BoxTopic(string BoxId, PackKind Kind)
{
    private const string Version1 = "fleet/v1/";

    /// <summary>True when the topic belongs to protocol version 1 and so must be ingested or rejected.</summary>
    public static bool IsProtocolTopic(string topic) => topic.StartsWith(Version1, StringComparison.Ordinal);

    /// <summary>Parses a protocol topic; false (a "bad-topic") when it does not name a well-formed box and a known kind.</summary>
    public static bool TryParse(string topic, out BoxTopic parsed)
    {
        parsed = default;
        if (!topic.StartsWith(Topics.Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(Topics.Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var kindText = rest[(slash + 1)..];
        PackKind kind;
        if (kindText.SequenceEqual(Topics.Telemetry))
        {
            kind = PackKind.Telemetry;
        }
        else if (kindText.SequenceEqual(Topics.Events))
        {
            kind = PackKind.Events;
        }
        else if (kindText.SequenceEqual(Topics.Status))
        {
            kind = PackKind.Status;
        }
        else if (kindText.SequenceEqual(Topics.Commands))
        {
            kind = PackKind.Commands;
        }
        else
        {
            return false;
        }

        var boxId = rest[..slash].ToString();
        if (!BoxIdentity.IsValid(boxId))
        {
            return false;
        }

        parsed = new BoxTopic(boxId, kind);
        return true;
    }
}
