using System.Globalization;
using System.Text;
using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Firmware.Queue;
using Fleet.Firmware.Tests.Fakes;

namespace Fleet.Firmware.Tests;

public sealed class SenmlWriterTests
{
    private const long T0 = 1_795_000_000_000;

    [Fact]
    public void TelemetryPackResolvesToTheQueuedNamesTimesAndValues()
    {
        QueuedRecord[] records =
        [
            QueuedRecord.Telemetry("c1", T0, 4.3),
            QueuedRecord.Telemetry("c2", T0, -19.2),
            QueuedRecord.Telemetry("ambient", T0, 27.5),
            QueuedRecord.Telemetry("c1", T0 + 30_000, 4.4),
            QueuedRecord.Telemetry("c1", T0 + 60_250, 4.45),
        ];

        byte[] payload = SenmlWriter.Encode("BX-0001", records);

        var resolved = Senml.Resolve(payload);
        Assert.Equal(5, resolved.Count);
        Assert.All(resolved, r => Assert.Equal("BX-0001:", r.BaseName));
        Assert.All(resolved, r => Assert.Equal("Cel", r.Unit));
        Assert.Equal(["c1", "c2", "ambient", "c1", "c1"], resolved.Select(r => r.Name));
        Assert.Equal([T0, T0, T0, T0 + 30_000, T0 + 60_250], resolved.Select(r => r.TimeMs));
        Assert.Equal([4.3, -19.2, 27.5, 4.4, 4.45], resolved.Select(r => r.Value!.Value));
    }

    [Fact]
    public void PackMatchesTheProtocolExampleByteForByte()
    {
        QueuedRecord[] records =
        [
            QueuedRecord.Telemetry("c1", T0, 4.3),
            QueuedRecord.Telemetry("c2", T0, -19.2),
            QueuedRecord.Telemetry("c1", T0 + 30_000, 4.4),
        ];

        string json = SenmlWriter.EncodeToString("BX-0001", records, records.Length);

        Assert.Equal(
            """[{"bn":"BX-0001:","bt":1795000000,"bu":"Cel","n":"c1","v":4.3},{"n":"c2","v":-19.2},{"n":"c1","t":30,"v":4.4}]""",
            json);
    }

    [Fact]
    public void FirstRecordOffTheWholeSecondCarriesItsFraction()
    {
        QueuedRecord[] records = [QueuedRecord.Telemetry("c1", T0 + 1_250, 4)];

        string json = SenmlWriter.EncodeToString("BX-0001", records, 1);

        Assert.Equal("""[{"bn":"BX-0001:","bt":1795000001,"bu":"Cel","n":"c1","t":0.25,"v":4}]""", json);
    }

    [Fact]
    public void ValuesAreRoundedToTwoDecimals()
    {
        QueuedRecord[] records =
        [
            QueuedRecord.Telemetry("c1", T0, 4.456),
            QueuedRecord.Telemetry("c2", T0, -18.004),
            QueuedRecord.Telemetry("c3", T0, 65.1 - 0.0000001),
            QueuedRecord.Telemetry("ambient", T0, -0.001),
        ];

        var values = Senml.Resolve(SenmlWriter.Encode("BX-0001", records)).Select(r => r.Value!.Value);

        Assert.Equal([4.46, -18, 65.1, 0], values);
    }

    [Fact]
    public void SenmlOutputIsCultureInvariant()
    {
        QueuedRecord[] records = [QueuedRecord.Telemetry("c1", T0, 4.5), QueuedRecord.Telemetry("c2", T0 + 30_500, -19.25)];
        string invariant = SenmlWriter.EncodeToString("BX-0001", records, 2);

        // A culture with a decimal comma and a Unicode minus, as de-DE and sv-SE have.
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "\u2212";
        var saved = CultureInfo.CurrentCulture;
        string localized;
        try
        {
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("4,5", 4.5.ToString(CultureInfo.CurrentCulture)); // the culture really is in force
            localized = SenmlWriter.EncodeToString("BX-0001", records, 2);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Equal(invariant, localized);
        Assert.Contains("\"v\":4.5", localized, StringComparison.Ordinal);
        Assert.Contains("\"t\":30.5,\"v\":-19.25", localized, StringComparison.Ordinal);
    }

    [Fact]
    public void EventPackCarriesBooleansAndEscapedStrings()
    {
        string orderId = "ORD-\"7\"\\x\n\u0001é";
        QueuedRecord[] records =
        [
            QueuedRecord.BooleanEvent("lid", T0 + 100_000, true),
            QueuedRecord.TextEvent("pickup", T0 + 112_000, orderId),
        ];

        byte[] payload = SenmlWriter.Encode("BX-0001", records);

        using var doc = JsonDocument.Parse(payload);
        Assert.False(doc.RootElement[0].TryGetProperty("bu", out _));
        var resolved = Senml.Resolve(payload);
        Assert.True(resolved[0].Flag);
        Assert.Equal(orderId, resolved[1].Text);
        Assert.Equal(T0 + 112_000, resolved[1].TimeMs);
        Assert.Contains("é", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }
}
