using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Deliveries;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Evidence;

/// <summary>
/// One real server with one delivery worth reporting: a calibrated chilled box, disinfected, with a
/// fit courier, that picks up order ORD-EV-1 of merchant Lao-Wang-Noodles (region 440305), warms
/// to 10 °C for six device minutes (a critical alert) and hands over. Shared by a test class.
/// </summary>
public sealed class EvidenceScenario : IAsyncLifetime
{
    public const string BoxId = "BX-EV-1";
    public const string OrderId = "ORD-EV-1";
    public const string Merchant = "Lao-Wang-Noodles";

    /// <summary>An order of platform <see cref="PlatformA"/> from a Nanshan (440305) merchant, not yet assigned.</summary>
    public const string ShenzhenOrderId = "ORD-EV-SZ";

    /// <summary>An order of platform <see cref="PlatformB"/> from a Huangpu, Shanghai (310101) merchant, not yet assigned.</summary>
    public const string ShanghaiOrderId = "ORD-EV-SH";

    public const string PlatformA = "meituan-sz";
    public const string PlatformB = "eleme-sh";

    public FleetServer Server { get; private set; } = null!;

    /// <summary>Device time of the first reading of the trip (whole seconds).</summary>
    public DateTimeOffset Start { get; private set; }

    public AlertView Alert { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Server = await EvidenceServer.StartAsync($"--Evidence:MerchantRegions:{Merchant}=440305");
        var http = Server.Http;
        var today = PlatformDay.Today;
        (await http.PutAsJsonAsync("/api/couriers/CR-EV", new { name = "Wang Fang", certificateExpires = today.AddDays(90).ToString("yyyy-MM-dd"), training = "Food safety 2025-03" })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/couriers/CR-EV/health-checks", new { passed = true })).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"/api/boxes/{BoxId}/profile", new { inService = today.AddDays(-30).ToString("yyyy-MM-dd"), compartments = new[] { new { channel = "c1", capability = "chilled" } } })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/api/boxes/{BoxId}/calibrations", new { channel = "c1", calibratedOn = today.AddDays(-10).ToString("yyyy-MM-dd"), dueOn = today.AddDays(170).ToString("yyyy-MM-dd") })).EnsureSuccessStatusCode();

        await using var box = await TestBox.ConnectAsync(Server, BoxId);
        await box.PublishStatusAsync(("c1", CompartmentKinds.Chilled));
        var uvcOn = Senml.NowSeconds() - 7200;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{BoxId}:\",\"bt\":{uvcOn},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":300,\"vb\":false}}]");

        var now = DateTimeOffset.UtcNow;
        var order = await http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = OrderId,
            merchant = Merchant,
            merchantRegion = "440305",
            items = new[] { new { name = "Cold noodles", category = FoodCategories.Chilled } },
            address = "12 Xinhua Road",
            processedAt = now.AddMinutes(-20),
            promisedAt = now.AddMinutes(30),
        });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        await OrderAsync(http, ShenzhenOrderId, "Nanshan-Dumplings", PlatformA, "440305", now);
        await OrderAsync(http, ShanghaiOrderId, "Huangpu-Buns", PlatformB, "310101", now);
        await Eventually.ReturnsAsync(() => http.PostAsJsonAsync($"/api/deliveries/{OrderId}/assign", new { courierId = "CR-EV", boxId = BoxId }), r => r.StatusCode == HttpStatusCode.OK, "the assignment");

        Start = DateTimeOffset.FromUnixTimeSeconds(Senml.NowSeconds() - 600);
        var start = Start.ToUnixTimeSeconds();
        (await http.PostAsJsonAsync($"/api/deliveries/{OrderId}/pickup", new { at = Start.AddSeconds(-30) })).EnsureSuccessStatusCode();
        // Two packs in range, then thirteen readings at 10 °C in packs of three: over 8 °C for six minutes.
        await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(BoxId, start, ("c1", 0, 4.0), ("c1", 30, 4.5)));
        for (var i = 0; i < 13; i += 3)
        {
            var readings = Enumerable.Range(i, Math.Min(3, 13 - i)).Select(k => ("c1", (k - i) * 30.0, 10.0)).ToArray();
            await box.PublishAsync(Topics.Telemetry, Senml.Telemetry(BoxId, start + 60 + (i * 30), readings));
        }

        (await http.PostAsJsonAsync($"/api/deliveries/{OrderId}/handover", new { at = Start.AddSeconds(480) })).EnsureSuccessStatusCode();
        var alerts = await Eventually.ReturnsAsync(() => Server.AlertsAsync("all", BoxId), a => a.Any(x => x.Rule == "chilled-too-warm"), "the chilled alert");
        Alert = alerts.First(a => a.Rule == "chilled-too-warm");
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static async Task OrderAsync(HttpClient http, string orderId, string merchant, string platform, string region, DateTimeOffset now)
    {
        using var response = await http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId,
            merchant,
            platform,
            merchantRegion = region,
            items = new[] { new { name = "Dumplings", category = FoodCategories.Chilled } },
            address = "1 Test Road",
            processedAt = now.AddMinutes(-5),
            promisedAt = now.AddMinutes(40),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>GETs a bundle and opens it.</summary>
    public async Task<(byte[] Zip, Dictionary<string, byte[]> Files)> BundleAsync(string path)
    {
        using var response = await Server.Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var zip = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return (zip, Unzip(zip));
    }

    public static Dictionary<string, byte[]> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[entry.FullName] = copy.ToArray();
        }

        return files;
    }
}
