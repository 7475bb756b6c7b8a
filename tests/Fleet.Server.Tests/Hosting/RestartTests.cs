using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Rules;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MQTTnet;

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

    [Fact]
    public async Task AReadingPublishedWhileTheRulesRebuildIsAcknowledgedAndItsExcursionRaisesOneAlert()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = Senml.NowSeconds() - 480;
        await using (var first = await FleetServer.StartAsync(_directory))
        {
            await using var box = await TestBox.ConnectAsync(first, "BX-REBUILD");
            await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
            // Cold, then warm from start + 60 for two device minutes: not yet an alert.
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, ("c1", 0, 4), ("c1", 60, 9), ("c1", 120, 9), ("c1", 180, 9)));
            Assert.Empty(await first.AlertsAsync("all", box.BoxId));
        }

        // The rebuild is held until released: the server must ingest before it has run.
        await using var second = await FleetServer.StartAsync(_directory, $"--{RuleRebuild.HoldSetting}=true");
        var rebuild = second.Services.GetRequiredService<RuleRebuild>();
        var health = await second.Http.GetFromJsonAsync<JsonElement>("/health", ct);
        Assert.True(health.GetProperty("rulesRebuilding").GetBoolean());
        Assert.Equal("healthy", health.GetProperty("status").GetString());

        await using var again = await TestBox.ConnectAsync(second, "BX-REBUILD");
        var acknowledged = await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, start + 240, ("c1", 0, 9), ("c1", 60, 9.5), ("c1", 120, 9.5)));
        Assert.Equal(MqttClientPublishReasonCode.Success, acknowledged.ReasonCode);
        Assert.Equal(7, await second.ReadingCountAsync("BX-REBUILD", "c1"));
        Assert.True(rebuild.IsRebuilding);

        rebuild.Release();
        await rebuild.Finished.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.False((await second.Http.GetFromJsonAsync<JsonElement>("/health", ct)).GetProperty("rulesRebuilding").GetBoolean());

        // Cold again after the restart: the rules run in order, so once this resolves, the batch
        // published during the rebuild has been through them too.
        await again.PublishAsync(Topics.Telemetry, Senml.Telemetry(again.BoxId, start + 420, ("c1", 0, 4)));
        var alerts = await Eventually.ReturnsAsync(() => second.AlertsAsync("all", "BX-REBUILD"), a => a.Count > 0 && a.All(alert => alert.ResolvedAt is not null), "the alert resolved");

        var alert = Assert.Single(alerts);
        // Five minutes of grace from the first warm reading, before the restart.
        Assert.Equal((start + 360) * 1000, alert.RaisedAt.ToUnixTimeMilliseconds());
        Assert.Equal((start + 420) * 1000, alert.ResolvedAt!.Value.ToUnixTimeMilliseconds());
        // The readings the rebuild read were not taken again as out of order (a re-run of the compartment).
        Assert.Equal(0, second.Services.GetRequiredService<RuleMetrics>().OutOfOrder);
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
