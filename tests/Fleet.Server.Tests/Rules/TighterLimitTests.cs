using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Deliveries;
using Fleet.Server.Rules;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Verdicts;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Rules;

/// <summary>
/// Limits tighter than a compartment kind's: a box profile's own (a box built to a stricter
/// standard), and a food category's (Rules:Categories), which hold during the food's delivery.
/// </summary>
public sealed class TighterLimitTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Settings =
    [
        "--Rules:Watch:CheckSeconds=3600",
        "--Rules:Categories:raw-or-cold:MaxCelsius=5",
        "--Rules:Categories:raw-or-cold:GraceMinutes=3",
    ];

    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync(null, Settings);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Today => PlatformDay.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static (string, double, double)[] Every30Seconds(int fromSeconds, int toSeconds, double celsius) =>
        [.. Enumerable.Range(0, ((toSeconds - fromSeconds) / 30) + 1).Select(i => ("c1", (double)(fromSeconds + (i * 30)), celsius))];

    private Task<HttpResponseMessage> PutProfileAsync(string boxId, object compartment) =>
        _server.Http.PutAsJsonAsync($"/api/boxes/{boxId}/profile", new { inService = Today, compartments = new[] { compartment } }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ABoxProfileThatLowersAChilledCompartmentsMaximumRaisesItsAlertAtThatLimit()
    {
        (await PutProfileAsync("BX-TL1", new { channel = "c1", capability = "chilled", maxCelsius = 5.0 })).EnsureSuccessStatusCode();
        await using var box = await TestBox.ConnectAsync(_server, "BX-TL1");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var start = Senml.NowSeconds() - 900;

        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, Every30Seconds(0, 330, 6.5)));

        var alert = (await Eventually.ReturnsAsync(() => _server.AlertsAsync("open", box.BoxId), a => a.Count == 1, "the profile's alert")).Single();
        Assert.Equal((CompartmentRule.ChilledCode, (start + 300) * 1000), (alert.Rule, alert.RaisedAt.ToUnixTimeMilliseconds()));
        Assert.Contains("5 °C", alert.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chilled", "maxCelsius", 9.0, "may only lower the maximum of 8")]
    [InlineData("hot", "minCelsius", 55.0, "may only raise the minimum of 60")]
    [InlineData("chilled", "minCelsius", 2.0, "minCelsius is for food kept hot")]
    [InlineData("chilled", "graceMinutes", 10.0, "may only shorten the grace time of 5")]
    [InlineData("ambient", "maxCelsius", 25.0, "an ambient compartment has no temperature limits")]
    public async Task AProfileMayOnlyTightenItsKindsLimits(string capability, string field, double value, string reason)
    {
        var compartment = new Dictionary<string, object> { ["channel"] = "c1", ["capability"] = capability, [field] = value };

        var response = await PutProfileAsync("BX-TL2", compartment);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawFoodHeldToItsCategorysTighterLimitIsAlertedDuringTheDeliveryAndJudgedByItWhileTheCompartmentRuleIsNot()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-TL", new { name = "Li Lei", certificateExpires = PlatformDay.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, ct)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-TL/health-checks", new { passed = true }, ct)).EnsureSuccessStatusCode();
        (await PutProfileAsync("BX-TL3", new { channel = "c1", capability = "chilled" })).EnsureSuccessStatusCode();
        await using var box = await TestBox.ConnectAsync(_server, "BX-TL3");
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var pickup = Senml.NowSeconds() - 900;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"BX-TL3:\",\"bt\":{pickup - 7200},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");
        (await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = "ORD-TL", merchant = "Sushi Lab", address = "3 Harbour Road",
            processedAt = DateTimeOffset.FromUnixTimeSeconds(pickup - 300), promisedAt = DateTimeOffset.FromUnixTimeSeconds(pickup + 1800),
            items = new[] { new { name = "Salmon sashimi", category = FoodCategories.RawOrCold } },
        }, ct)).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => _server.Http.PostAsJsonAsync("/api/deliveries/ORD-TL/assign", new { courierId = "CR-TL", boxId = "BX-TL3" }, ct),
            r => r.StatusCode == HttpStatusCode.OK, "the assignment");
        (await _server.Http.PostAsJsonAsync("/api/deliveries/ORD-TL/pickup", new { at = DateTimeOffset.FromUnixTimeSeconds(pickup) }, ct)).EnsureSuccessStatusCode();
        // 6.5 °C: inside the chilled compartment's 8 °C, beyond raw food's 5 °C: 2 min, then 1 min, exactly the 3 min allowed.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, pickup, [.. Every30Seconds(0, 90, 6.5), .. Every30Seconds(120, 180, 4), .. Every30Seconds(210, 240, 6.5), ("c1", 270, 4)]));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 10, "the readings");

        await CheckAtAsync(DateTimeOffset.UtcNow);
        Assert.Empty(await AlertsAsync(WatchCodes.FoodBeyondLimit));
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, pickup, ("c1", 300.0, 6.5), ("c1", 330.0, 4.0)));
        await Eventually.ReturnsAsync(() => _server.ReadingCountAsync(box.BoxId, "c1"), n => n == 12, "the later readings");
        await CheckAtAsync(DateTimeOffset.UtcNow);

        var alert = Assert.Single(await AlertsAsync(WatchCodes.FoodBeyondLimit));
        Assert.Equal(("open", "ORD-TL", "c1"), (alert.State, alert.OrderId, alert.Channel));
        Assert.Equal((pickup + 300) * 1000, alert.RaisedAt.ToUnixTimeMilliseconds());
        Assert.Empty(await AlertsAsync(CompartmentRule.ChilledCode));

        (await _server.Http.PostAsJsonAsync("/api/deliveries/ORD-TL/handover", new { at = DateTimeOffset.FromUnixTimeSeconds(pickup + 420) }, ct)).EnsureSuccessStatusCode();
        var verdict = await Eventually.ReturnsAsync(VerdictAsync, v => v is not null, "the verdict");
        Assert.False(verdict!.Compliant);
        Assert.Contains(verdict.Reasons, r => r.Contains("beyond 5 °C for 3.5 min, more than the 3 min allowed", StringComparison.Ordinal));
        Assert.Equal(5, Assert.Single(verdict.Compartments).LimitCelsius);
        await CheckAtAsync(DateTimeOffset.UtcNow);
        Assert.Equal("resolved", Assert.Single(await AlertsAsync(WatchCodes.FoodBeyondLimit)).State);
    }

    [Theory]
    [InlineData("--Rules:Categories:raw-or-cold:MaxCelsius=9", "Rules:Categories:raw-or-cold")]
    [InlineData("--Rules:Categories:hot:MinCelsius=50", "Rules:Categories:hot")]
    [InlineData("--Rules:Categories:ambient:MaxCelsius=20", "Rules:Categories:ambient")]
    public async Task ACategoryLimitThatDoesNotTightenStopsTheServerNamingIt(string argument, string setting)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => FleetServer.StartAsync(null, argument));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }

    private Task CheckAtAsync(DateTimeOffset now) =>
        _server.GetRequiredService<FleetWatch>().CheckAsync(now, TestContext.Current.CancellationToken);

    private async Task<List<AlertView>> AlertsAsync(string rule) =>
        [.. (await _server.AlertsAsync("all", "BX-TL3")).Where(a => a.Rule == rule)];

    private async Task<DeliveryVerdict?> VerdictAsync()
    {
        var response = await _server.Http.GetAsync(new Uri("/api/deliveries/ORD-TL/verdict", UriKind.Relative), TestContext.Current.CancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<DeliveryVerdict>(Json, TestContext.Current.CancellationToken);
    }
}
