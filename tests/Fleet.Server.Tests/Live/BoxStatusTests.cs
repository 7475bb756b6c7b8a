using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Live;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Live;

/// <summary>
/// The fleet page's box views carry the box's disinfection and the order it carries, pushed live as
/// the box reports a UV-C cycle over MQTT and as dispatch records pickup and hand-over.
/// </summary>
public sealed class BoxStatusTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, BoxView> _pushed = new(StringComparer.Ordinal);
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await FleetServer.StartAsync();
        _server.GetRequiredService<FleetFeed>().BoxChanged += view => _pushed[view.BoxId] = view;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ABoxsViewGainsItsDisinfectionAfterAUvcCycleAndItsOrderFromPickupToHandOver()
    {
        var ct = TestContext.Current.CancellationToken;
        const string boxId = "BX-COL1";
        (await _server.Http.PutAsJsonAsync($"/api/boxes/{boxId}/profile", new { inService = Day(PlatformDay.Today), compartments = new[] { new { channel = "c1", capability = "chilled" } } }, ct)).EnsureSuccessStatusCode();
        await using var box = await TestBox.ConnectAsync(_server, boxId);
        await box.PublishStatusAsync(("c1", "chilled"));

        var undisinfected = await PushedAsync(boxId, v => v.DisinfectionFit is not null, "the tracked box");
        Assert.Equal((null, false, null), (undisinfected.LastDisinfectedAt, undisinfected.DisinfectionFit, undisinfected.CarryingOrderId));

        var on = Senml.NowSeconds() - 7200;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{boxId}:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");
        var disinfected = await PushedAsync(boxId, v => v.LastDisinfectedAt is not null, "the UV-C cycle");
        Assert.Equal(((on + 600) * 1000, true), (disinfected.LastDisinfectedAt?.ToUnixTimeMilliseconds(), disinfected.DisinfectionFit));

        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-COL", new { name = "Li Lei", certificateExpires = Day(PlatformDay.Today.AddDays(30)) }, ct)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-COL/health-checks", new { passed = true }, ct)).EnsureSuccessStatusCode();
        var ordered = DateTimeOffset.UtcNow;
        (await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = "ORD-COL", merchant = "Lao Wang", address = "12 Xinhua Road", orderedAt = ordered, processedAt = ordered,
            promisedAt = ordered.AddMinutes(30), items = new[] { new { name = "Noodles", category = "hot" } },
        }, ct)).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => _server.Http.PostAsJsonAsync("/api/deliveries/ORD-COL/assign", new { courierId = "CR-COL", boxId }, ct),
            r => r.StatusCode == HttpStatusCode.OK, "the assignment");
        // Assigned is not yet carried.
        Assert.Null(_server.GetRequiredService<BoxViews>().Find(boxId)!.CarryingOrderId);

        (await _server.Http.PostAsJsonAsync("/api/deliveries/ORD-COL/pickup", new { }, ct)).EnsureSuccessStatusCode();
        var carrying = await PushedAsync(boxId, v => v.CarryingOrderId is not null, "the pickup");
        Assert.Equal("ORD-COL", carrying.CarryingOrderId);
        Assert.Equal(disinfected.LastDisinfectedAt, carrying.LastDisinfectedAt);

        (await _server.Http.PostAsJsonAsync("/api/deliveries/ORD-COL/handover", new { }, ct)).EnsureSuccessStatusCode();
        await PushedAsync(boxId, v => v.CarryingOrderId is null, "the hand-over");
    }

    /// <summary>Waits until the live feed pushes a view of the box that <paramref name="until"/> accepts.</summary>
    private Task<BoxView> PushedAsync(string boxId, Func<BoxView, bool> until, string what) =>
        Eventually.ReturnsAsync(
            () => Task.FromResult(_pushed.GetValueOrDefault(boxId)),
            v => v is not null && until(v),
            what)!;
}
