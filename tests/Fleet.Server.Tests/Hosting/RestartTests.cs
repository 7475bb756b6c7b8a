using Fleet.Firmware.Protocol;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Hosting;

public sealed class RestartTests : IDisposable
{
    private readonly string _directory = FleetServer.NewDataDirectory();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        FleetServer.TryDelete(_directory);
    }

    [Fact]
    public async Task BoxesReadingsAndARunningGraceTimeSurviveARestart()
    {
        var start = Senml.NowSeconds() - 360;
        await using (var first = await FleetServer.StartAsync(_directory))
        {
            await using var box = await TestBox.ConnectAsync(first, "BX-RESTART");
            await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
            // Three device minutes too warm: not yet an alert.
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, ("c1", 0, 9), ("c1", 60, 9), ("c1", 120, 9), ("c1", 180, 9)));
            Assert.Empty(await first.AlertsAsync("all", box.BoxId));
        }

        await using var second = await FleetServer.StartAsync(_directory);
        var restored = await second.BoxAsync("BX-RESTART");
        Assert.NotNull(restored);
        Assert.Equal(("c1", "chilled", (double?)9), (restored.Channels[0].Channel, restored.Channels[0].Kind, restored.Channels[0].Celsius));
        Assert.Equal(4, await second.ReadingCountAsync("BX-RESTART", "c1"));

        await using var again = await TestBox.ConnectAsync(second, "BX-RESTART");
        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, start + 240, ("c1", 0, 9), ("c1", 60, 9.5)));

        // The excursion that began before the restart reaches its five minutes after it.
        var alerts = await Eventually.ReturnsAsync(() => second.AlertsAsync("open", "BX-RESTART"), a => a.Count == 1, "the alert");
        Assert.Equal((start + 300) * 1000, alerts[0].RaisedAt.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("--Rules:Chilled:GraceMinutes=0", "Rules:Chilled:GraceMinutes")]
    [InlineData("--Mqtt:Port=70000", "Mqtt:Port")]
    [InlineData("--Storage:Synchronous=SOMETIMES", "Storage:Synchronous")]
    public async Task ABadSettingStopsTheServerWithAMessageNamingIt(string argument, string setting)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => FleetServer.StartAsync(_directory, argument));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }
}
