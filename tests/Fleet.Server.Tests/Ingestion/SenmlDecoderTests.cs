using System.Buffers;
using System.Text;
using Fleet.Server.Ingestion;

namespace Fleet.Server.Tests.Ingestion;

public sealed class SenmlDecoderTests
{
    private const string Box = "BX-0001";
    private const long Bt = 1795000000;
    private static readonly long Now = (Bt + 3600) * 1000;

    private static DecodedPack Decode(string json, PackKind kind = PackKind.Telemetry, string box = Box) =>
        SenmlDecoder.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), box, kind, Now, 300_000);

    [Fact]
    public void AReadingOlderThanTheMaxAgeIsTooOldAndOneAtItIsKept()
    {
        var maxAgeMs = 86_400_000L;
        var atLimit = (Now - maxAgeMs) / 1000;
        var json = $$"""[{"bn":"{{Box}}:","bt":{{atLimit}},"bu":"Cel","n":"c1","v":4},{"n":"c1","t":-1,"v":5}]""";

        var pack = SenmlDecoder.Decode(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), Box, PackKind.Telemetry, Now, 300_000, maxAgeMs);

        Assert.Equal(atLimit * 1000, Assert.Single(pack.Readings).DeviceTimeMs);
        var rejected = Assert.Single(pack.Rejections);
        Assert.Equal(RejectReasons.TooOld, rejected.Reason);
        Assert.Contains("older than the 1 days", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBatchExampleOfTheProtocolDecodesToNineReadingsAtBasePlusOffsetTimes()
    {
        var pack = Decode("""
            [{"bn":"BX-0001:","bt":1795000000,"bu":"Cel","n":"c1","v":4.3},
             {"n":"c2","v":-19.2},
             {"n":"ambient","v":27.5},
             {"n":"c1","t":30,"v":4.4},
             {"n":"c2","t":30,"v":-19.1},
             {"n":"ambient","t":30,"v":27.6},
             {"n":"c1","t":60,"v":4.4},
             {"n":"c2","t":60,"v":-19.0},
             {"n":"ambient","t":60,"v":27.6}]
            """);

        Assert.Empty(pack.Rejections);
        Assert.Equal(9, pack.Readings.Count);
        Assert.All(pack.Readings, r => Assert.Equal(Box, r.BoxId));
        Assert.Equal(("c1", Bt * 1000, 4.3), (pack.Readings[0].Channel, pack.Readings[0].DeviceTimeMs, pack.Readings[0].Value));
        Assert.Equal(("c2", (Bt + 60) * 1000, -19.0), (pack.Readings[7].Channel, pack.Readings[7].DeviceTimeMs, pack.Readings[7].Value));
        Assert.All(pack.Readings, r => Assert.Equal(Now, r.ReceivedAtMs));
    }

    [Fact]
    public void FractionalTimesAreKeptToTheMillisecond()
    {
        var pack = Decode("""[{"bn":"BX-0001:","bt":1795000000.5,"bu":"Cel","n":"c1","t":0.123,"v":4.5},{"n":"c1","t":-0.25,"v":4.6}]""");

        Assert.Empty(pack.Rejections);
        Assert.Equal(Bt * 1000 + 623, pack.Readings[0].DeviceTimeMs);
        Assert.Equal(Bt * 1000 + 250, pack.Readings[1].DeviceTimeMs);
    }

    [Fact]
    public void ARecordUnitOverridesTheBaseUnit()
    {
        var pack = Decode("""[{"bn":"BX-0001:","bt":1795000000,"bu":"%RH","n":"c1","u":"Cel","v":4.5},{"n":"c2","v":5}]""");

        var reading = Assert.Single(pack.Readings);
        Assert.Equal("c1", reading.Channel);
        var rejection = Assert.Single(pack.Rejections);
        Assert.Equal((1, RejectReasons.BadUnit), (rejection.RecordIndex, rejection.Reason));
    }

    [Fact]
    public void BaseFieldsCarryOverUntilARecordChangesThem()
    {
        var pack = Decode("""[{"bn":"BX-0001:","bt":1795000000,"bu":"Cel","n":"c1","v":1},{"bt":1795000100,"n":"c1","v":2},{"n":"c1","t":5,"v":3}]""");

        Assert.Equal([Bt * 1000, (Bt + 100) * 1000, (Bt + 105) * 1000], pack.Readings.Select(r => r.DeviceTimeMs));
    }

    [Fact]
    public void ABaseTimeUnderTwoToTheTwentyEighthIsRelativeAndRejected()
    {
        var pack = Decode("""[{"bn":"BX-0001:","bt":0,"bu":"Cel","n":"c1","t":12,"v":4},{"bt":1795000000,"n":"c1","v":4}]""");

        Assert.Equal(RejectReasons.RelativeTime, Assert.Single(pack.Rejections).Reason);
        Assert.Equal(Bt * 1000, Assert.Single(pack.Readings).DeviceTimeMs);
    }

    [Fact]
    public void WithoutABaseNameARecordMayCarryItsFullName()
    {
        var pack = Decode("""[{"n":"BX-0001:c3","bt":1795000000,"u":"Cel","v":7}]""");

        Assert.Equal("c3", Assert.Single(pack.Readings).Channel);
    }

    [Fact]
    public void EventsCarryBooleanAndStringValues()
    {
        var pack = Decode(
            """[{"bn":"BX-0001:","bt":1795000100,"n":"lid","vb":true},{"n":"lid","t":12,"vb":false},{"n":"pickup","t":20,"vs":"order-42"},{"n":"c2.alarm","t":30,"vb":true}]""",
            PackKind.Events);

        Assert.Empty(pack.Rejections);
        Assert.Equal(
            [("lid", "true", (Bt + 100) * 1000), ("lid", "false", (Bt + 112) * 1000), ("pickup", "order-42", (Bt + 120) * 1000), ("c2.alarm", "true", (Bt + 130) * 1000)],
            pack.Events.Select(e => (e.Name, e.Value, e.DeviceTimeMs)));
    }

    [Theory]
    [InlineData("""{"n":"c1","v":4.5,"bt":1795000000}""", "not an array")]
    [InlineData("""[{"n":"c1","v":4.5""", "truncated")]
    [InlineData("""[{"n":"c1","v":4.5}] trailing""", "trailing text")]
    [InlineData("""not json at all""", "not JSON")]
    [InlineData("", "empty")]
    public void APayloadThatIsNotASenmlArrayIsRejectedAsAWholeAsMalformed(string json, string because)
    {
        var pack = Decode(json);

        Assert.Empty(pack.Readings);
        var rejection = Assert.Single(pack.Rejections);
        Assert.True(rejection.Reason == RejectReasons.Malformed && rejection.RecordIndex == -1, because);
    }

    [Theory]
    [InlineData("""{"n":"c9","v":4.5}""", RejectReasons.UnknownChannel)]
    [InlineData("""{"n":"humidity","v":40}""", RejectReasons.UnknownChannel)]
    [InlineData("""{"n":"c1","u":"Far","v":40}""", RejectReasons.BadUnit)]
    [InlineData("""{"n":"c1","v":131}""", RejectReasons.OutOfRange)]
    [InlineData("""{"n":"c1","v":-60.5}""", RejectReasons.OutOfRange)]
    [InlineData("""{"n":"c1","t":-1794999988,"v":4}""", RejectReasons.RelativeTime)]
    [InlineData("""{"n":"c1","t":-295000000,"v":4}""", RejectReasons.TooOld)]
    [InlineData("""{"n":"c1","t":4000,"v":4}""", RejectReasons.ClockAhead)]
    [InlineData("""{"n":"c1","v":"4.5"}""", RejectReasons.Malformed)]
    [InlineData("""{"n":"c1","t":"soon","v":4.5}""", RejectReasons.Malformed)]
    [InlineData("""{"n":"c1"}""", RejectReasons.MissingValue)]
    [InlineData("""{"n":"c1","vb":true}""", RejectReasons.MissingValue)]
    [InlineData("""{"n":"OTHER-BOX:c1","v":4}""", RejectReasons.BoxMismatch)]
    [InlineData("""{"n":"c1","v":4,"x_":1}""", RejectReasons.Malformed)]
    [InlineData("""42""", RejectReasons.Malformed)]
    public void ABadRecordIsRejectedWithItsReasonAndTheGoodRecordsAroundItAreKept(string badRecord, string reason)
    {
        var pack = Decode($$"""[{"bn":"BX-0001:","bt":1795000000,"bu":"Cel","n":"c1","v":4.1},{{badRecord}},{"n":"c2","t":30,"v":-19}]""");

        Assert.Equal(["c1", "c2"], pack.Readings.Select(r => r.Channel));
        var rejection = Assert.Single(pack.Rejections);
        Assert.Equal((1, reason), (rejection.RecordIndex, rejection.Reason));
        Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
    }

    [Fact]
    public void AWrongBaseNameRejectsEveryRecordItAppliesTo()
    {
        var pack = Decode("""[{"bn":"BX-0002:","bt":1795000000,"bu":"Cel","n":"c1","v":4.1},{"n":"c2","v":-19}]""");

        Assert.Empty(pack.Readings);
        Assert.All(pack.Rejections, r => Assert.Equal(RejectReasons.BoxMismatch, r.Reason));
        Assert.Equal(2, pack.Rejections.Count);
    }

    [Fact]
    public void AnEventWithoutAValueIsMissingOneAndATelemetryNameIsNotAnEvent()
    {
        var pack = Decode("""[{"bn":"BX-0001:","bt":1795000000,"n":"lid"},{"n":"c1","v":4},{"n":"uvc","vb":true}]""", PackKind.Events);

        Assert.Equal("uvc", Assert.Single(pack.Events).Name);
        Assert.Equal([RejectReasons.MissingValue, RejectReasons.UnknownChannel], pack.Rejections.Select(r => r.Reason));
    }

    [Fact]
    public void APackOfMoreThanAThousandRecordsIsRejectedAsAWhole()
    {
        var records = Enumerable.Range(0, 1001).Select(i => i == 0
            ? """{"bn":"BX-0001:","bt":1795000000,"bu":"Cel","n":"c1","v":4}"""
            : $$"""{"n":"c1","t":{{i}},"v":4}""");
        var pack = Decode("[" + string.Join(",", records) + "]");

        Assert.Empty(pack.Readings);
        Assert.Equal(RejectReasons.TooManyRecords, Assert.Single(pack.Rejections).Reason);
    }

    [Fact]
    public void APayloadOverSixtyFourKibibytesIsRejectedAsTooLarge()
    {
        var pack = Decode("[" + new string(' ', 70_000) + "]");

        Assert.Equal(RejectReasons.TooLarge, Assert.Single(pack.Rejections).Reason);
    }

    [Fact]
    public void APayloadSplitAcrossSegmentsDecodesTheSame()
    {
        var bytes = Encoding.UTF8.GetBytes("""[{"bn":"BX-0001:","bt":1795000000,"bu":"Cel","n":"ambient","v":21.5},{"n":"c1","t":1,"v":3}]""");
        var first = new Segment(bytes.AsMemory(0, 37));
        var last = first.Append(bytes.AsMemory(37));
        var pack = SenmlDecoder.Decode(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), Box, PackKind.Telemetry, Now, 300_000);

        Assert.Empty(pack.Rejections);
        Assert.Equal(["ambient", "c1"], pack.Readings.Select(r => r.Channel));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
