using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Live;
using Fleet.Server.Rules;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fleet.Server.Tests.Live;

public sealed class ChilledAlertTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<HubConnection> SubscribeFleetAsync(Action<AlertView> onAlert, Action<BoxView>? onBox = null)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(_server.HttpAddress, FleetHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(_server.AdminToken)).Build();
        connection.On("alert", onAlert);
        if (onBox is not null)
        {
            connection.On("box", onBox);
        }

        await connection.StartAsync(TestContext.Current.CancellationToken);
        await connection.InvokeAsync("SubscribeFleet", TestContext.Current.CancellationToken);
        return connection;
    }

    private static (string, double, double)[] Every30Seconds(string channel, int fromSeconds, int toSeconds, double celsius) =>
        [.. Enumerable.Range(0, ((toSeconds - fromSeconds) / 30) + 1).Select(i => (channel, (double)(fromSeconds + (i * 30)), celsius))];

    [Fact]
    public async Task AChilledExcursionOfMoreThanFiveDeviceMinutesOpensOneAlertPushedToTheFleet()
    {
        var pushed = new TaskCompletionSource<AlertView>(TaskCreationOptions.RunContinuationsAsynchronously);
        var boxPushed = new TaskCompletionSource<BoxView>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = await SubscribeFleetAsync(
            alert => pushed.TrySetResult(alert),
            box => { if (box.OpenAlerts > 0) boxPushed.TrySetResult(box); });
        await using var box = await TestBox.ConnectAsync(_server, "BX-ALERT-1");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled), ("c2", CompartmentKinds.Frozen));
        var start = Senml.NowSeconds() - 400;

        // c1 at 9.5 °C for 6.5 device minutes; c2 (frozen) is cold enough; c3 is not declared, so no rule applies to it.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Every30Seconds("c1", 0, 390, 9.5), .. Every30Seconds("c2", 0, 390, -20), .. Every30Seconds("c3", 0, 390, 9.5)]));

        var alert = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal((CompartmentRule.ChilledCode, "critical", box.BoxId, "c1", "open"), (alert.Rule, alert.Severity, alert.BoxId, alert.Channel, alert.State));
        Assert.Equal((start + 300) * 1000, alert.RaisedAt.ToUnixTimeMilliseconds());
        Assert.False(alert.Late);
        Assert.Contains("9.5", alert.Message, StringComparison.Ordinal);

        var open = await _server.AlertsAsync("open", box.BoxId);
        Assert.Equal(alert.Id, Assert.Single(open).Id);

        var view = await boxPushed.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal(1, view.OpenAlerts);
        Assert.Equal(TemperatureState.OutOfRange, view.Compartments.Single(c => c.Channel == "c1").State);
        Assert.Equal(TemperatureState.Unknown, view.Compartments.Single(c => c.Channel == "c3").State);
    }

    [Fact]
    public async Task TheAlertResolvesItselfWhenTheCompartmentIsColdAgain()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ALERT-2");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var start = Senml.NowSeconds() - 600;
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, Every30Seconds("c1", 0, 360, 10)));
        await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "an open alert");

        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start + 390, ("c1", 0, 7.9), ("c1", 30, 7.4)));

        var resolved = await Eventually.ReturnsAsync(() => _server.AlertsAsync("resolved", box.BoxId), a => a.Count == 1, "a resolved alert");
        Assert.Equal((start + 420) * 1000, resolved[0].ResolvedAt?.ToUnixTimeMilliseconds());
        Assert.Empty(await _server.AlertsAsync("open", box.BoxId));
    }

    [Fact]
    public async Task ABacklogReplayedHoursLateRaisesItsAlertWhereItBelongsMarkedLate()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ALERT-3");
        await box.PublishStatusAsync(("c2", CompartmentKinds.Chilled));
        var start = Senml.NowSeconds() - (3 * 3600);

        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Every30Seconds("c2", 0, 600, 12), .. Every30Seconds("c2", 630, 900, 4)]));

        var alert = await Eventually.ReturnsAsync(() => _server.AlertsAsync("all", box.BoxId), a => a.Count == 1 && a[0].State == "resolved", "a resolved alert");
        Assert.True(alert[0].Late);
        Assert.Equal((start + 300) * 1000, alert[0].RaisedAt.ToUnixTimeMilliseconds());
        Assert.Equal((start + 630) * 1000, alert[0].ResolvedAt?.ToUnixTimeMilliseconds());
    }
}
