using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Deliveries;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Access;

/// <summary>Arranges two platforms' records and the regions of their merchants, as the role tests need them.</summary>
internal static class AccessFixture
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers a box for a platform through the API (as an admin).</summary>
    public static async Task RegisterBoxAsync(this FleetServer server, string boxId, string platform) =>
        (await server.Http.PutAsJsonAsync($"/api/boxes/{boxId}", new { platform }, Json)).EnsureSuccessStatusCode();

    /// <summary>Creates an order through the API with the given client; returns the response.</summary>
    public static Task<HttpResponseMessage> CreateDeliveryAsync(this HttpClient client, string orderId, string? platform, string? merchantRegion)
    {
        var now = DateTimeOffset.UtcNow;
        return client.PostAsJsonAsync("/api/deliveries", new
        {
            orderId,
            merchant = "Noodle House",
            items = new[] { new { name = "Cold noodles", category = "chilled" } },
            address = "1 Keyuan Road",
            processedAt = now,
            promisedAt = now.AddMinutes(40),
            platform,
            merchantRegion,
        }, Json);
    }

    /// <summary>Puts an order in a box since an hour ago, as an accepted assignment would (the checks are the dispatch tests' business).</summary>
    public static async Task AssignSinceAnHourAgoAsync(this FleetServer server, string orderId, string boxId) =>
        Assert.NotNull(await server.GetRequiredService<DeliveryStore>().AssignAsync(
            orderId, "CR-1", boxId, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds(), TestContext.Current.CancellationToken));

    /// <summary>A chilled compartment 6 device minutes too warm, 10 minutes ago: one open alert on the box.</summary>
    public static async Task<AlertView> RaiseChilledAlertAsync(this FleetServer server, string boxId)
    {
        await using var box = await TestBox.ConnectAsync(server, boxId);
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(boxId, Senml.NowSeconds() - 600, [.. Enumerable.Range(0, 13).Select(i => ("c1", i * 30.0, 10.0))]));
        var open = await Eventually.ReturnsAsync(() => server.AlertsAsync("open", boxId), a => a.Count == 1, "an open alert on " + boxId);
        return open[0];
    }

    public static async Task<List<string>> BoxIdsAsync(this HttpClient client) =>
        [.. (await client.GetFromJsonAsync<List<Fleet.Server.Boxes.BoxResponse>>("/api/boxes", Json))!.Select(b => b.BoxId)];

    public static async Task<List<long>> AlertIdsAsync(this HttpClient client) =>
        [.. (await client.GetFromJsonAsync<List<AlertView>>("/api/alerts", Json))!.Select(a => a.Id)];

    public static Task<HttpResponseMessage> AcknowledgeAsync(this HttpClient client, long alertId) =>
        client.PostAsJsonAsync($"/api/alerts/{alertId}/acknowledge", new { by = "Someone", note = "Seen" }, Json);
}
