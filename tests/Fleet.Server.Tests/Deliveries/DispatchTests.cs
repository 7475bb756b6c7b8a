using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Deliveries;
using Fleet.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Tests.Deliveries;

public sealed class DispatchTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Today(int plusDays = 0) => PlatformDay.Today.AddDays(plusDays).ToString("yyyy-MM-dd");

    private async Task CourierAsync(string id, int certificateValidDays, bool? checkedToday)
    {
        (await _server.Http.PutAsJsonAsync($"/api/couriers/{id}", new { name = "Wang Fang", certificateExpires = Today(certificateValidDays), training = "Food safety 2025-03" })).EnsureSuccessStatusCode();
        if (checkedToday is { } passed)
        {
            (await _server.Http.PostAsJsonAsync($"/api/couriers/{id}/health-checks", new { passed })).EnsureSuccessStatusCode();
        }
    }

    private async Task<TestBox> BoxAsync(string id, string capability, int? uvcSeconds)
    {
        (await _server.Http.PutAsJsonAsync($"/api/boxes/{id}/profile", new { inService = Today(-30), compartments = new[] { new { channel = "c1", capability } } })).EnsureSuccessStatusCode();
        var box = await TestBox.ConnectAsync(_server, id);
        if (uvcSeconds is { } seconds)
        {
            var on = Senml.NowSeconds() - 7200;
            await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{id}:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":{seconds},\"vb\":false}}]");
        }

        return box;
    }

    private async Task OrderAsync(string orderId, string category)
    {
        var now = DateTimeOffset.UtcNow;
        var response = await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId,
            merchant = "Lao Wang Noodles",
            items = new[] { new { name = "Cold noodles", category } },
            address = "12 Xinhua Road",
            processedAt = now.AddMinutes(-5),
            promisedAt = now.AddMinutes(40),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpResponseMessage> AssignAsync(string orderId, string courierId, string boxId) =>
        _server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/assign", new { courierId, boxId });

    private static async Task<IReadOnlyList<string>> ReasonsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AssignmentRefusal>(Json, TestContext.Current.CancellationToken))!.Reasons;
    }

    [Fact]
    public async Task AChilledOrderIsAssignedToADisinfectedColdChainBoxAndAFitCourier()
    {
        await CourierAsync("CR-1", certificateValidDays: 0, checkedToday: true);
        await using var box = await BoxAsync("BX-DISPATCH-1", "chilled", uvcSeconds: 300);
        await OrderAsync("ORD-1", FoodCategories.Chilled);

        var response = await Eventually.ReturnsAsync(() => AssignAsync("ORD-1", "CR-1", box.BoxId), r => r.StatusCode == HttpStatusCode.OK, "the assignment");

        var delivery = (await response.Content.ReadFromJsonAsync<Delivery>(Json, TestContext.Current.CancellationToken))!;
        Assert.Equal(("CR-1", box.BoxId), (delivery.CourierId, delivery.BoxId));
    }

    [Theory]
    [InlineData(FoodCategories.Chilled, "ambient", "R3")]
    [InlineData(FoodCategories.RawOrCold, "hot", "R3")]
    [InlineData(FoodCategories.Frozen, "chilled", "R3")]
    public async Task ColdFoodIsRefusedABoxWithoutTheColdChainItNeeds(string category, string capability, string requirement)
    {
        await CourierAsync("CR-2", 30, true);
        await using var box = await BoxAsync("BX-DISPATCH-2", capability, uvcSeconds: 600);
        await OrderAsync("ORD-2", category);
        await Eventually.ReturnsAsync(() => _server.Http.GetStringAsync($"/api/boxes/{box.BoxId}/profile"), _ => true, "the profile");

        var reasons = await Eventually.ReturnsAsync(() => ReasonsAsync(AssignAsync("ORD-2", "CR-2", box.BoxId).Result), r => r.All(x => !x.Contains("R4", StringComparison.Ordinal)), "the disinfection stored");

        Assert.Contains(reasons, r => r.Contains(requirement, StringComparison.Ordinal) && r.Contains(category, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(299)]
    public async Task ABoxWithoutACompletedDisinfectionOfTheFullDoseInTheLastDayIsRefused(int? uvcSeconds)
    {
        await CourierAsync("CR-3", 30, true);
        await using var box = await BoxAsync("BX-DISPATCH-3", "chilled", uvcSeconds);
        await OrderAsync("ORD-3", FoodCategories.Ambient);

        var reasons = await ReasonsAsync(await AssignAsync("ORD-3", "CR-3", box.BoxId));

        Assert.Contains("R4", Assert.Single(reasons), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, true, "expired")]
    [InlineData(30, null, "no health check")]
    [InlineData(30, false, "failed")]
    public async Task ACourierWithAnExpiredCertificateOrNoPassedHealthCheckTodayIsRefused(int certificateValidDays, bool? checkedToday, string reason)
    {
        await CourierAsync("CR-4", certificateValidDays, checkedToday);
        await using var box = await BoxAsync("BX-DISPATCH-4", "chilled", uvcSeconds: 600);
        await OrderAsync("ORD-4", FoodCategories.Hot);

        var reasons = await Eventually.ReturnsAsync(() => ReasonsAsync(AssignAsync("ORD-4", "CR-4", box.BoxId).Result), r => r.Count == 1, "only the courier's reason");

        Assert.Contains(reason, reasons[0], StringComparison.Ordinal);
        Assert.Contains("R7", reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickupAndHandOverPressedOnTheAssignedBoxAreRecordedAtTheirDeviceTimes()
    {
        await CourierAsync("CR-5", 30, true);
        await using var box = await BoxAsync("BX-DISPATCH-5", "frozen", uvcSeconds: 600);
        await OrderAsync("ORD-5", FoodCategories.Frozen);
        await Eventually.ReturnsAsync(() => AssignAsync("ORD-5", "CR-5", box.BoxId), r => r.StatusCode == HttpStatusCode.OK, "the assignment");
        var t = Senml.NowSeconds() - 60;

        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{box.BoxId}:\",\"bt\":{t},\"n\":\"pickup\",\"vs\":\"ORD-5\"}},{{\"n\":\"handover\",\"t\":45,\"vs\":\"ORD-5\"}}]");

        var delivery = await Eventually.ReturnsAsync(
            () => _server.Http.GetFromJsonAsync<Delivery>("/api/deliveries/ORD-5", Json), d => d?.HandedOverAt is not null, "the hand-over");
        Assert.Equal(t * 1000, delivery!.PickedUpAt?.ToUnixTimeMilliseconds());
        Assert.Equal((t + 45) * 1000, delivery.HandedOverAt?.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task APickupOfAnUnassignedOrderIsRefused()
    {
        await OrderAsync("ORD-6", FoodCategories.Ambient);

        Assert.Equal(HttpStatusCode.Conflict, (await _server.Http.PostAsync("/api/deliveries/ORD-6/pickup", null, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.PostAsync("/api/deliveries/NO-SUCH/pickup", null, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task ThePurgeRemovesOnlyOrderRecordsPastTheirRetention()
    {
        var now = DateTimeOffset.UtcNow;
        async Task Order(string id, int monthsAgo, double? shelfLifeHours) =>
            (await _server.Http.PostAsJsonAsync("/api/deliveries", new
            {
                orderId = id, merchant = "M", address = "A",
                items = new[] { new { name = "Rice", category = "hot", shelfLifeHours } },
                orderedAt = now.AddMonths(-monthsAgo), processedAt = now.AddMonths(-monthsAgo), promisedAt = now.AddMonths(-monthsAgo).AddHours(1),
            })).EnsureSuccessStatusCode();
        await Order("OLD-SHELF", 7, 4);
        await Order("KEPT-SHELF", 5, 4);
        await Order("KEPT-NO-SHELF", 23, null);
        await Order("OLD-NO-SHELF", 25, null);

        var purged = await _server.GetRequiredService<DeliveryPurge>().PurgeAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, purged);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/deliveries/OLD-SHELF", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/deliveries/OLD-NO-SHELF", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/api/deliveries/KEPT-SHELF", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Http.GetAsync("/api/deliveries/KEPT-NO-SHELF", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("--Deliveries:RetentionMonths=5", "Deliveries:RetentionMonths")]
    [InlineData("--Deliveries:RetentionMonthsWithoutShelfLife=23", "Deliveries:RetentionMonthsWithoutShelfLife")]
    [InlineData("--Rules:Frozen:InstantMaxCelsius=-20", "Rules:Frozen:InstantMaxCelsius")]
    [InlineData("--Alerts:EscalateAfterSeconds=0", "Alerts:EscalateAfterSeconds")]
    public async Task ARetentionBelowTheLegalMinimumOrABadRuleSettingStopsTheServerNamingIt(string argument, string setting)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => FleetServer.StartAsync(null, argument));

        Assert.Contains(setting, failure.Message, StringComparison.Ordinal);
    }
}
