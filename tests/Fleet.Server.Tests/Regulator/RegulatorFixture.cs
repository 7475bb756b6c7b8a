using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Deliveries;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Regulator;

/// <summary>
/// One real server with a small known set of deliveries, made as a platform would make them:
/// orders through the dispatch API, boxes publishing over MQTT, pickup and hand-over, verdicts
/// computed by the server. In Shenzhen (Nanshan, 440305) on meituan-sz: ORD-RS-1 compliant (25 min
/// from processing to hand-over), ORD-RS-2 too warm for 6 minutes and handed over 1 minute late
/// (20 min), ORD-RS-4 not handed over yet. In Shanghai (Huangpu, 310101) on eleme-sh: ORD-RS-3,
/// too warm as well.
/// </summary>
public sealed class RegulatorFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FleetServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await FleetServer.StartAsync();
        await CourierAsync("CR-RS-SZ", "meituan-sz");
        await CourierAsync("CR-RS-SH", "eleme-sh");
        var pickup = Senml.NowSeconds() - 900;
        await DeliverAsync("ORD-RS-1", "meituan-sz", "Noodle House", "440305", "BX-RS-1", "CR-RS-SZ", pickup, processedBefore: 900, promisedAfter: 1800, Constant(21, 4));
        await DeliverAsync("ORD-RS-2", "meituan-sz", "Noodle House", "440305", "BX-RS-2", "CR-RS-SZ", pickup, processedBefore: 600, promisedAfter: 540, [4, .. Constant(13, 10), .. Constant(7, 4)]);
        await DeliverAsync("ORD-RS-3", "eleme-sh", "Dumpling Bar", "310101", "BX-RS-3", "CR-RS-SH", pickup, processedBefore: 600, promisedAfter: 1800, [4, .. Constant(13, 10), .. Constant(7, 4)]);
        await OrderAsync("ORD-RS-4", "meituan-sz", "Tea Shop", "440305", pickup, 600, 1800);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>The temperature alerts the server raised on a box, as the admin's alert list shows them.</summary>
    public async Task<int> TemperatureAlertsAsync(string boxId) =>
        (await Server.AlertsAsync("all", boxId)).Count(a => Fleet.Server.Regulator.RegulatorStore.TemperatureRules.Contains(a.Rule));

    private static double[] Constant(int count, double celsius) => Enumerable.Repeat(celsius, count).ToArray();

    private async Task CourierAsync(string courierId, string platform)
    {
        var expires = PlatformDay.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await Server.Http.PutAsJsonAsync($"/api/couriers/{courierId}", new { name = "Courier " + courierId, certificateExpires = expires, training = "Food safety 2025", platform })).EnsureSuccessStatusCode();
        (await Server.Http.PostAsJsonAsync($"/api/couriers/{courierId}/health-checks", new { passed = true })).EnsureSuccessStatusCode();
    }

    private async Task OrderAsync(string orderId, string platform, string merchant, string region, long pickup, int processedBefore, int promisedAfter)
    {
        var created = await Server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId, merchant, address = "1 Keyuan Road", platform, merchantRegion = region,
            processedAt = DateTimeOffset.FromUnixTimeSeconds(pickup - processedBefore),
            promisedAt = DateTimeOffset.FromUnixTimeSeconds(pickup + promisedAfter),
            items = new[] { new { name = "Cold noodles", category = FoodCategories.Chilled } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>A chilled box of the platform, disinfected two hours ago, carrying the order for 10 minutes with readings every 30 s.</summary>
    private async Task DeliverAsync(string orderId, string platform, string merchant, string region, string boxId, string courierId, long pickup, int processedBefore, int promisedAfter, double[] celsius)
    {
        var today = PlatformDay.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await Server.Http.PutAsJsonAsync($"/api/boxes/{boxId}", new { platform })).EnsureSuccessStatusCode();
        (await Server.Http.PutAsJsonAsync($"/api/boxes/{boxId}/profile", new { inService = today, compartments = new[] { new { channel = "c1", capability = CompartmentKinds.Chilled } } })).EnsureSuccessStatusCode();
        await using var box = await TestBox.ConnectAsync(Server, boxId);
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var on = Senml.NowSeconds() - 7200;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{boxId}:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");

        await OrderAsync(orderId, platform, merchant, region, pickup, processedBefore, promisedAfter);
        await Eventually.ReturnsAsync(
            () => Server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/assign", new { courierId, boxId }),
            r => r.StatusCode == HttpStatusCode.OK, "the assignment of " + orderId);
        (await Server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/pickup", new { at = DateTimeOffset.FromUnixTimeSeconds(pickup) })).EnsureSuccessStatusCode();
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(boxId, pickup, [.. celsius.Select((c, i) => ("c1", i * 30.0, c))]));
        (await Server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/handover", new { at = DateTimeOffset.FromUnixTimeSeconds(pickup + 600) })).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => Server.Http.GetAsync(new Uri($"/api/deliveries/{orderId}/verdict", UriKind.Relative)),
            r => r.StatusCode == HttpStatusCode.OK, "the verdict of " + orderId);
    }
}

/// <summary>Reads the regulator API's answers.</summary>
internal static class RegulatorClient
{
    public static async Task<RegulatorStatisticsAnswer> StatisticsAsync(this HttpClient client, string query) =>
        (await client.GetFromJsonAsync<RegulatorStatisticsAnswer>("/api/regulator/statistics?" + query, RegulatorFixture.Json, TestContext.Current.CancellationToken))!;

    public static async Task<RegulatorDeliveryPage> DeliveriesAsync(this HttpClient client, string query = "") =>
        (await client.GetFromJsonAsync<RegulatorDeliveryPage>("/api/regulator/deliveries?" + query, RegulatorFixture.Json, TestContext.Current.CancellationToken))!;

    public static async Task<List<RegulatorExcursion>> ExcursionsAsync(this HttpClient client, string query = "") =>
        (await client.GetFromJsonAsync<List<RegulatorExcursion>>("/api/regulator/excursions?" + query, RegulatorFixture.Json, TestContext.Current.CancellationToken))!;
}

/// <summary>The statistics answer as a client reads it.</summary>
internal sealed record RegulatorStatisticsAnswer(string GroupBy, DateTimeOffset From, DateTimeOffset To, List<RegulatorStatisticsRow> Rows);
