using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Storage;

namespace Fleet.Server.Ingestion;

/// <summary>
/// Decodes a SenML JSON pack (RFC 8428) for one box, record by record: base fields (bn, bt, bu)
/// carry over to later records, each record's name, unit, value and time are resolved and
/// checked as docs/protocol.md says, and a bad record is rejected on its own without costing the
/// good ones. A payload that is not JSON, not an array, too large or has too many records is
/// rejected as a whole.
/// </summary>
public static class SenmlDecoder
{
    private const int MaxNameBytes = 64;
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow };

    /// <param name="payload">The MQTT payload.</param>
    /// <param name="boxId">The box of the topic.</param>
    /// <param name="kind">Telemetry or events: decides which names and values are valid.</param>
    /// <param name="nowMs">Server time, ms since the epoch: the received time, and the reference for clock-ahead.</param>
    /// <param name="maxClockAheadMs">How far a device time may be ahead of <paramref name="nowMs"/>.</param>
    /// <param name="maxAgeMs">How far a device time may be behind <paramref name="nowMs"/>; <see cref="long.MaxValue"/> for no limit.</param>
    public static DecodedPack Decode(ReadOnlySequence<byte> payload, string boxId, PackKind kind, long nowMs, long maxClockAheadMs, long maxAgeMs = long.MaxValue)
    {
        var pack = new DecodedPack();
        if (payload.Length > ProtocolLimits.MaxPayloadBytes)
        {
            pack.RejectWhole(RejectReasons.TooLarge, $"{payload.Length} bytes; the limit is {ProtocolLimits.MaxPayloadBytes}");
            return pack;
        }

        var context = new Context(boxId, kind, nowMs, nowMs + maxClockAheadMs, maxAgeMs == long.MaxValue ? long.MinValue : nowMs - maxAgeMs);
        var reader = new Utf8JsonReader(payload, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                pack.RejectWhole(RejectReasons.Malformed, "a SenML pack must be a JSON array");
                return pack;
            }

            var bases = new BaseFields();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var index = pack.RecordCount++;
                if (pack.RecordCount > ProtocolLimits.MaxRecordsPerPack)
                {
                    pack.RejectWhole(RejectReasons.TooManyRecords, $"more than {ProtocolLimits.MaxRecordsPerPack} records");
                    return pack;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    pack.Rejections.Add(new RecordRejection(index, RejectReasons.Malformed, $"record {index} is not a JSON object"));
                    continue;
                }

                DecodeRecord(ref reader, ref bases, in context, index, pack);
            }

            // Anything after the array makes the payload invalid JSON; the reader throws on it.
            reader.Read();
        }
        catch (JsonException exception)
        {
            pack.RejectWhole(RejectReasons.Malformed, "not valid JSON: " + exception.Message);
        }

        return pack;
    }

    private static void DecodeRecord(ref Utf8JsonReader reader, ref BaseFields bases, in Context context, int index, DecodedPack pack)
    {
        var record = new RecordFields();
        Span<byte> nameBuffer = stackalloc byte[MaxNameBytes];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = FieldOf(ref reader);
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
                if (field != Field.Other)
                {
                    record.Malformed ??= $"\"{FieldName(field)}\" must be a scalar";
                }

                continue;
            }

            switch (field)
            {
                case Field.BaseName:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        record.Malformed ??= "\"bn\" must be a string";
                    }
                    else
                    {
                        bases.HasName = true;
                        bases.NameMatches = reader.ValueTextEquals(context.BaseName);
                        bases.NameText = bases.NameMatches ? null : reader.GetString();
                    }

                    break;
                case Field.BaseTime:
                    if (!TryNumber(ref reader, out var bt))
                    {
                        record.Malformed ??= "\"bt\" must be a number";
                    }
                    else
                    {
                        bases.Time = bt;
                    }

                    break;
                case Field.BaseUnit:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        record.Malformed ??= "\"bu\" must be a string";
                    }
                    else
                    {
                        bases.Unit = UnitOf(ref reader);
                    }

                    break;
                case Field.Name:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        record.Malformed ??= "\"n\" must be a string";
                    }
                    else
                    {
                        ReadName(ref reader, nameBuffer, in context, ref record);
                    }

                    break;
                case Field.Time:
                    if (!TryNumber(ref reader, out var t))
                    {
                        record.Malformed ??= "\"t\" must be a number";
                    }
                    else
                    {
                        record.Time = t;
                    }

                    break;
                case Field.Unit:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        record.Malformed ??= "\"u\" must be a string";
                    }
                    else
                    {
                        record.Unit = UnitOf(ref reader);
                    }

                    break;
                case Field.Value:
                    if (!TryNumber(ref reader, out var v))
                    {
                        record.Malformed ??= "\"v\" must be a number";
                    }
                    else
                    {
                        record.Value = v;
                    }

                    break;
                case Field.BooleanValue:
                    if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                    {
                        record.Boolean = reader.TokenType == JsonTokenType.True;
                    }
                    else
                    {
                        record.Malformed ??= "\"vb\" must be true or false";
                    }

                    break;
                case Field.StringValue:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        record.Malformed ??= "\"vs\" must be a string";
                    }
                    else
                    {
                        record.Text = reader.GetString();
                    }

                    break;
                case Field.MustUnderstand:
                    record.Malformed ??= "a field ending in '_' that Fleet does not understand";
                    break;
                default:
                    // Fields Fleet does not use (bver, ut, s, vd, …) are allowed and ignored (RFC 8428 section 4.4).
                    break;
            }
        }

        var rejection = Resolve(in bases, in record, in context, index, pack);
        if (rejection is { } r)
        {
            pack.Rejections.Add(r);
        }
    }

    private static RecordRejection? Resolve(in BaseFields bases, in RecordFields record, in Context context, int index, DecodedPack pack)
    {
        if (record.Malformed is { } malformed)
        {
            return new RecordRejection(index, RejectReasons.Malformed, $"record {index}: {malformed}");
        }

        if (bases.HasName && !bases.NameMatches)
        {
            return new RecordRejection(index, RejectReasons.BoxMismatch, $"record {index}: bn \"{bases.NameText}\" is not \"{context.BoxId}:\"");
        }

        if (record.NamePrefixMismatch)
        {
            return new RecordRejection(index, RejectReasons.BoxMismatch, $"record {index}: name \"{record.RawName}\" is not for box {context.BoxId}");
        }

        if (record.Channel is not { } channel)
        {
            var name = record.RawName ?? "(none)";
            return new RecordRejection(index, RejectReasons.UnknownChannel, $"record {index}: no {(context.Kind == PackKind.Telemetry ? "channel" : "event")} named \"{name}\"");
        }

        var unit = record.Unit.Kind != UnitKind.None ? record.Unit : bases.Unit;
        string value;
        double number = 0;
        if (context.Kind == PackKind.Telemetry)
        {
            if (unit.Kind != UnitKind.Celsius)
            {
                var given = unit.Kind == UnitKind.None ? "no unit" : $"unit \"{unit.Text}\"";
                return new RecordRejection(index, RejectReasons.BadUnit, $"record {index} ({channel}): {given}; temperatures are in \"{Channels.Celsius}\"");
            }

            if (record.Value is not { } v)
            {
                return new RecordRejection(index, RejectReasons.MissingValue, $"record {index} ({channel}): no numeric value \"v\"");
            }

            if (!Channels.IsPlausibleCelsius(v))
            {
                return new RecordRejection(index, RejectReasons.OutOfRange, $"record {index} ({channel}): {v.ToString(CultureInfo.InvariantCulture)} °C is outside {Channels.MinCelsius} … {Channels.MaxCelsius}");
            }

            number = v;
            value = string.Empty;
        }
        else if (record.Boolean is { } flag)
        {
            value = flag ? "true" : "false";
        }
        else if (record.Text is { } text)
        {
            value = text;
        }
        else
        {
            return new RecordRejection(index, RejectReasons.MissingValue, $"record {index} ({channel}): an event needs \"vb\" or \"vs\"");
        }

        var seconds = bases.Time + (record.Time ?? 0);
        if (seconds < ProtocolLimits.RelativeTimeLimitSeconds)
        {
            return new RecordRejection(index, RejectReasons.RelativeTime, $"record {index} ({channel}): time {seconds.ToString(CultureInfo.InvariantCulture)} is relative; Fleet needs absolute device time");
        }

        if (seconds < ProtocolLimits.EarliestDeviceTimeSeconds)
        {
            return new RecordRejection(index, RejectReasons.TooOld, $"record {index} ({channel}): time {seconds.ToString(CultureInfo.InvariantCulture)} is before 2020-01-01");
        }

        var ms = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        if (ms < context.EarliestAcceptedMs)
        {
            return new RecordRejection(index, RejectReasons.TooOld, $"record {index} ({channel}): device time {DateTimeOffset.FromUnixTimeMilliseconds(ms):O} is older than the {(context.NowMs - context.EarliestAcceptedMs) / 86_400_000} days the store can tell a replay from a new record");
        }

        if (ms > context.LatestAcceptedMs)
        {
            return new RecordRejection(index, RejectReasons.ClockAhead, $"record {index} ({channel}): device time {DateTimeOffset.FromUnixTimeMilliseconds(ms):O} is ahead of the server's clock by {(ms - context.NowMs) / 1000} s");
        }

        if (context.Kind == PackKind.Telemetry)
        {
            pack.Readings.Add(new Reading(context.BoxId, channel, ms, number, context.NowMs));
        }
        else
        {
            pack.Events.Add(new BoxEvent(context.BoxId, channel, ms, value, context.NowMs));
        }

        return null;
    }

    private static void ReadName(ref Utf8JsonReader reader, scoped Span<byte> buffer, in Context context, ref RecordFields record)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > buffer.Length)
        {
            record.RawName = Truncate(reader.GetString());
            return;
        }

        ReadOnlySpan<byte> name = buffer[..reader.CopyString(buffer)];
        // Without a base name a record may carry its full name, "{boxId}:{channel}".
        var colon = name.IndexOf((byte)':');
        if (colon >= 0)
        {
            if (!name[..colon].SequenceEqual(context.BoxIdUtf8))
            {
                record.NamePrefixMismatch = true;
                record.RawName = Encoding.UTF8.GetString(name);
                return;
            }

            name = name[(colon + 1)..];
        }

        record.Channel = ChannelNames.Find(name, context.Kind);
        record.RawName = record.Channel is null ? Encoding.UTF8.GetString(name) : null;
    }

    private static string? Truncate(string? text) => text is { Length: > MaxNameBytes } ? text[..MaxNameBytes] + "…" : text;

    private static bool TryNumber(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out value) && double.IsFinite(value);
    }

    private static Unit UnitOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("Cel"u8) ? new Unit(UnitKind.Celsius, null) : new Unit(UnitKind.Other, Truncate(reader.GetString()));

    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("n"u8))
        {
            return Field.Name;
        }

        if (reader.ValueTextEquals("v"u8))
        {
            return Field.Value;
        }

        if (reader.ValueTextEquals("t"u8))
        {
            return Field.Time;
        }

        if (reader.ValueTextEquals("bn"u8))
        {
            return Field.BaseName;
        }

        if (reader.ValueTextEquals("bt"u8))
        {
            return Field.BaseTime;
        }

        if (reader.ValueTextEquals("bu"u8))
        {
            return Field.BaseUnit;
        }

        if (reader.ValueTextEquals("u"u8))
        {
            return Field.Unit;
        }

        if (reader.ValueTextEquals("vb"u8))
        {
            return Field.BooleanValue;
        }

        if (reader.ValueTextEquals("vs"u8))
        {
            return Field.StringValue;
        }

        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return raw.Length > 0 && raw[^1] == (byte)'_' ? Field.MustUnderstand : Field.Other;
    }

    private static string FieldName(Field field) => field switch
    {
        Field.BaseName => "bn",
        Field.BaseTime => "bt",
        Field.BaseUnit => "bu",
        Field.Name => "n",
        Field.Time => "t",
        Field.Unit => "u",
        Field.Value => "v",
        Field.BooleanValue => "vb",
        Field.StringValue => "vs",
        _ => "field",
    };

    private enum Field
    {
        Other,
        MustUnderstand,
        BaseName,
        BaseTime,
        BaseUnit,
        Name,
        Time,
        Unit,
        Value,
        BooleanValue,
        StringValue,
    }

    private enum UnitKind
    {
        None,
        Celsius,
        Other,
    }

    private readonly record struct Unit(UnitKind Kind, string? Text);

    private struct BaseFields
    {
        public bool HasName;
        public bool NameMatches;
        public string? NameText;
        public double Time;
        public Unit Unit;
    }

    private struct RecordFields
    {
        public string? Malformed;
        public string? Channel;
        public string? RawName;
        public bool NamePrefixMismatch;
        public double? Time;
        public Unit Unit;
        public double? Value;
        public bool? Boolean;
        public string? Text;
    }

    private readonly struct Context(string boxId, PackKind kind, long nowMs, long latestAcceptedMs, long earliestAcceptedMs)
    {
        public string BoxId { get; } = boxId;
        public byte[] BoxIdUtf8 { get; } = Encoding.UTF8.GetBytes(boxId);
        public byte[] BaseName { get; } = Encoding.UTF8.GetBytes(BoxIdentity.BaseName(boxId));
        public PackKind Kind { get; } = kind;
        public long NowMs { get; } = nowMs;
        public long LatestAcceptedMs { get; } = latestAcceptedMs;
        public long EarliestAcceptedMs { get; } = earliestAcceptedMs;
    }
}
