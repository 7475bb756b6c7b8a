using System.Text.Json;
using Fleet.Firmware.Protocol;

namespace Fleet.Firmware.Tests;

public sealed class StatusDocumentTests
{
    [Fact]
    public void OnlineStatusDeclaresCompartmentsIntervalAndQueue()
    {
        CompartmentConfig[] compartments = [new(1, CompartmentKinds.Chilled), new(2, CompartmentKinds.Frozen), new(3, CompartmentKinds.Hot)];

        byte[] payload = StatusDocument.EncodeOnline("1.2.3", 1_795_000_000_999, 30, 12, 3, compartments);

        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("v").GetInt32());
        Assert.Equal("online", root.GetProperty("state").GetString());
        Assert.Equal("1.2.3", root.GetProperty("fw").GetString());
        Assert.Equal(1_795_000_000, root.GetProperty("t").GetInt64());
        Assert.Equal(30, root.GetProperty("interval").GetInt32());
        Assert.Equal(12, root.GetProperty("queued").GetInt32());
        Assert.Equal(3, root.GetProperty("dropped").GetInt32());
        Assert.Equal(
            ["c1:chilled", "c2:frozen", "c3:hot"],
            root.GetProperty("compartments").EnumerateArray().Select(c => c.GetProperty("n").GetString() + ":" + c.GetProperty("kind").GetString()));
    }

    [Fact]
    public void LastWillIsTheOfflineStatusOfTheProtocol()
    {
        Assert.Equal("""{"v":1,"state":"offline"}""", System.Text.Encoding.UTF8.GetString(StatusDocument.EncodeOffline()));
    }
}
