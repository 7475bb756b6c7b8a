using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Live;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fleet.Server.Tests.Alerts;

public sealed class AlertLifecycleTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    // Escalation after 3 s leaves ample time to acknowledge an alert before it is escalated.
    public async ValueTask InitializeAsync() =>
        _server = await FleetServer.StartAsync(null, "--Alerts:EscalateAfterSeconds=3", "--Alerts:EscalationCheckSeconds=0.1");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>A chilled compartment 6 device minutes too warm: one open critical alert.</summary>
    private async Task<AlertView> RaiseChilledAlertAsync(TestBox box, long start)
    {
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. Enumerable.Range(0, 13).Select(i => ("c1", i * 30.0, 10.0))]));
        var open = await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "an open alert");
        return open[0];
    }

    [Fact]
    public async Task AnAcknowledgementRecordsWhoWhenAndWhyAndIsPushedLive()
    {
        var pushed = new TaskCompletionSource<AlertView>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(_server.HttpAddress, FleetHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(_server.AdminToken)).Build();
        hub.On<AlertView>("alert", a => { if (a.State == "acknowledged") pushed.TrySetResult(a); });
        await hub.StartAsync(TestContext.Current.CancellationToken);
        await hub.InvokeAsync("SubscribeFleet", TestContext.Current.CancellationToken);
        await using var box = await TestBox.ConnectAsync(_server, "BX-ACK-1");
        var alert = await RaiseChilledAlertAsync(box, Senml.NowSeconds() - 600);

        // "Li Wei" typed in the body is ignored: who acknowledges is the token's user.
        var acknowledged = await (await _server.AcknowledgeAsync(alert.Id, "Li Wei", "Courier told to go straight to the customer")).ReadAlertAsync();

        Assert.Equal(("acknowledged", FleetServer.AdminName, "Courier told to go straight to the customer"), (acknowledged.State, acknowledged.AcknowledgedBy, acknowledged.AcknowledgeNote));
        Assert.NotNull(acknowledged.AcknowledgedAt);
        var live = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal((alert.Id, FleetServer.AdminName), (live.Id, live.AcknowledgedBy));
        Assert.Equal(alert.Id, Assert.Single(await _server.AlertsAsync("acknowledged", box.BoxId)).Id);
        Assert.Empty(await _server.AlertsAsync("open", box.BoxId));
        Assert.Equal(alert.Id, Assert.Single(await _server.AlertsAsync("unresolved", box.BoxId)).Id);
        Assert.Equal(HttpStatusCode.Conflict, (await _server.AcknowledgeAsync(alert.Id, "Li Wei", "again")).StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Li Wei", null)]
    [InlineData("Li Wei", "   ")]
    [InlineData("", "")]
    public async Task AnAcknowledgementOrResolutionWithoutANoteIsRefusedAndChangesNothing(string? by, string? note)
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ACK-2");
        var alert = await RaiseChilledAlertAsync(box, Senml.NowSeconds() - 600);

        Assert.Equal(HttpStatusCode.BadRequest, (await _server.AcknowledgeAsync(alert.Id, by, note)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.ResolveAsync(alert.Id, by, note)).StatusCode);

        Assert.Equal("open", Assert.Single(await _server.AlertsAsync("all", box.BoxId)).State);
    }

    [Fact]
    public async Task AnAcknowledgementAndAResolutionWithoutByAreInTheNameOfTheCallersUserOrToken()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ACK-6");
        var alert = await RaiseChilledAlertAsync(box, Senml.NowSeconds() - 600);
        var other = await _server.ClientForAsync("dispatch.li", Fleet.Server.Access.FleetClaims.AdminRole);

        var acknowledged = await (await _server.AcknowledgeAsync(alert.Id, null, "seen")).ReadAlertAsync();
        var resolved = await (await other.PostAsJsonAsync($"/api/alerts/{alert.Id}/resolve", new { note = "box swapped" }, TestContext.Current.CancellationToken)).ReadAlertAsync();

        Assert.Equal(FleetServer.AdminName, acknowledged.AcknowledgedBy);
        Assert.Equal(("dispatch.li", FleetServer.AdminName), (resolved.ResolvedBy, resolved.AcknowledgedBy));
    }

    [Fact]
    public async Task AnUnknownAlertIsNotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _server.AcknowledgeAsync(987_654, "Li Wei", "note")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.ResolveAsync(987_654, "Li Wei", "note")).StatusCode);
    }

    [Fact]
    public async Task AnAlertResolvedByHandKeepsWhoAndWhyAndCannotBeResolvedOrAcknowledgedAgain()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ACK-3");
        var alert = await RaiseChilledAlertAsync(box, Senml.NowSeconds() - 600);

        var resolved = await (await _server.ResolveAsync(alert.Id, "Zhang Min", "Food discarded, customer refunded")).ReadAlertAsync();

        Assert.Equal(("resolved", FleetServer.AdminName, "Food discarded, customer refunded"), (resolved.State, resolved.ResolvedBy, resolved.ResolutionNote));
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Equal(HttpStatusCode.Conflict, (await _server.ResolveAsync(alert.Id, "Zhang Min", "again")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _server.AcknowledgeAsync(alert.Id, "Zhang Min", "late ack")).StatusCode);
        Assert.Empty(await _server.AlertsAsync("unresolved", box.BoxId));
    }

    [Fact]
    public async Task AnAcknowledgedAlertStaysTheOnlyOneOfItsRuleAndStillResolvesItselfWhenTheConditionClears()
    {
        await using var box = await TestBox.ConnectAsync(_server, "BX-ACK-4");
        var start = Senml.NowSeconds() - 900;
        var alert = await RaiseChilledAlertAsync(box, start);
        (await _server.AcknowledgeAsync(alert.Id, "Li Wei", "watching it")).EnsureSuccessStatusCode();

        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start + 390, ("c1", 0, 11), ("c1", 30, 11), ("c1", 60, 4)));

        var resolved = await Eventually.ReturnsAsync(() => _server.AlertsAsync("resolved", box.BoxId), a => a.Count == 1, "the alert resolved by its rule");
        Assert.Equal(alert.Id, resolved[0].Id);
        Assert.Equal((start + 450) * 1000, resolved[0].ResolvedAt?.ToUnixTimeMilliseconds());
        Assert.Equal((FleetServer.AdminName, null), (resolved[0].AcknowledgedBy, resolved[0].ResolvedBy));
        Assert.Single(await _server.AlertsAsync("all", box.BoxId));
    }

    [Fact]
    public async Task ACriticalAlertLeftUnacknowledgedPastTheConfiguredTimeIsEscalatedAndAnAcknowledgedOneIsNot()
    {
        await using var handled = await TestBox.ConnectAsync(_server, "BX-ACK-5");
        var first = await RaiseChilledAlertAsync(handled, Senml.NowSeconds() - 600);
        (await _server.AcknowledgeAsync(first.Id, "Li Wei", "on it")).EnsureSuccessStatusCode();
        await using var ignored = await TestBox.ConnectAsync(_server, "BX-ACK-6");
        var second = await RaiseChilledAlertAsync(ignored, Senml.NowSeconds() - 600);
        Assert.Null(second.EscalatedAt);

        var escalated = await Eventually.ReturnsAsync(
            () => _server.AlertsAsync("open", ignored.BoxId), a => a.Count == 1 && a[0].EscalatedAt is not null, "the escalation");

        Assert.Equal(second.Id, escalated[0].Id);
        Assert.Null(Assert.Single(await _server.AlertsAsync("all", handled.BoxId)).EscalatedAt);
    }
}
