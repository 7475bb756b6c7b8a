using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Verdicts;
using Fleet.Simulator;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// A short shift: simulated boxes disinfect themselves (all but one), the dispatch API assigns them
/// orders of every food category, couriers press pickup and hand-over on the boxes, and one fault of
/// each kind happens on the way: a cooling failure, a lid left open, a late hand-over, a courier who
/// fails the day's health check, a box that was never disinfected. Every fault raises its alert,
/// every delivery gets its verdict, and only the faulty ones are not compliant, each saying why.
/// </summary>
public sealed class DeliveryShiftTests
{
    private const double Speed = 60;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly (string OrderId, string BoxId, string CourierId, int PromisedMinutes, (string Name, string Category)[] Items)[] Orders =
    [
        ("ORD-SALAD", "BX-0001", "CR-1", 90, [("Sashimi", "raw-or-cold"), ("Ice cream", "frozen")]),
        ("ORD-CAKE", "BX-0002", "CR-1", 90, [("Cream cake", "chilled")]),          // cooling fails
        ("ORD-NOODLES", "BX-0003", "CR-1", 90, [("Beef noodles", "hot")]),
        ("ORD-DESSERT", "BX-0004", "CR-1", 90, [("Mango pudding", "chilled")]),    // lid left open
        ("ORD-BREAD", "BX-0005", "CR-1", 5, [("Bread", "ambient")]),               // handed over late
        ("ORD-SOUP", "BX-0006", "CR-2", 90, [("Hot soup", "hot")]),                // courier fails the health check
    ];

    /// <summary>Never disinfected: the order meant for it is refused.</summary>
    private const string UndisinfectedBox = "BX-0007";

    [Fact]
    public async Task EachDeliveryOfAShiftGetsItsVerdictAndEachFaultItsAlert()
    {
        using var server = FleetServer.Start(("Ingestion:MaxClockAheadSeconds", "86400"), ("Rules:Watch:CheckSeconds", "1"));
        // Device clocks start a quarter of an hour behind and run 60× fast: the boxes' UV-C cycles
        // end in the server's past, where the assignment check (on the server's clock) finds them.
        var options = new SimulationOptions { BrokerPort = server.MqttPort, SecretFor = server.ProvisionBox, Boxes = 7, Speed = Speed, Start = DateTimeOffset.UtcNow.AddMinutes(-15) };
        await using var fleet = new FleetSimulation(options);
        await fleet.StartAsync(Cancellation);

        var today = PlatformDay.Today;
        (await server.Http.PutAsJsonAsync("/api/couriers/CR-1", new { name = "Wang Fang", certificateExpires = Day(today.AddDays(90)), training = "Food safety 2025-03" }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PostAsJsonAsync("/api/couriers/CR-1/health-checks", new { passed = true }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PutAsJsonAsync("/api/couriers/CR-2", new { name = "Zhao Lei", certificateExpires = Day(today.AddDays(90)), training = "Food safety 2025-06" }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PostAsJsonAsync("/api/couriers/CR-2/health-checks", new { passed = true }, Cancellation)).EnsureSuccessStatusCode();
        foreach (var box in fleet.Boxes)
        {
            var compartments = new[] { new { channel = "c1", capability = "chilled" }, new { channel = "c2", capability = "frozen" }, new { channel = "c3", capability = "hot" } };
            (await server.Http.PutAsJsonAsync($"/api/boxes/{box.BoxId}/profile", new { inService = Day(today.AddDays(-30)), compartments }, Cancellation)).EnsureSuccessStatusCode();
            if (box.BoxId != UndisinfectedBox)
            {
                await Eventually.GetAsync(() => Task.FromResult(box.Connected && box.StartDisinfection() ? box : null), TimeSpan.FromSeconds(10), $"{box.BoxId} disinfecting");
            }
        }

        var deviceNow = fleet.DeviceNow;
        foreach (var (orderId, boxId, courierId, promisedMinutes, items) in Orders)
        {
            await DispatchAsync(server, orderId, items, deviceNow, promisedMinutes);
            await Eventually.GetAsync(
                async () => (await server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/assign", new { courierId, boxId }, Cancellation)).StatusCode == HttpStatusCode.OK ? orderId : null,
                TimeSpan.FromSeconds(30), $"{orderId} assigned once {boxId}'s disinfection is stored");
        }

        await DispatchAsync(server, "ORD-SPARE", [("Fruit salad", "chilled")], deviceNow, 90);
        var refused = await server.Http.PostAsJsonAsync("/api/deliveries/ORD-SPARE/assign", new { courierId = "CR-1", boxId = UndisinfectedBox }, Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("(R4)", await refused.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);

        foreach (var (orderId, boxId, _, _, _) in Orders)
        {
            fleet[boxId].PressPickup(orderId);
        }

        fleet["BX-0004"].OpenLid(TimeSpan.FromMinutes(2));
        (await server.Http.PostAsJsonAsync("/api/couriers/CR-2/health-checks", new { passed = false }, Cancellation)).EnsureSuccessStatusCode();
        fleet["BX-0002"].InjectCoolingFailure();
        var chilled = await Eventually.GetAsync(
            async () => (await AlertsAsync(server)).FirstOrDefault(a => a.Rule == "chilled-too-warm" && a.BoxId == "BX-0002"),
            TimeSpan.FromSeconds(40), "the chilled alert of the box whose cooling failed");
        Assert.Equal("c1", chilled.Channel);

        foreach (var (orderId, boxId, _, _, _) in Orders)
        {
            fleet[boxId].PressHandover(orderId);
        }

        var failed = await VerdictAsync(server, "ORD-CAKE", v => !v.Compliant);
        Assert.Contains(failed.Reasons, r => r.StartsWith("c1 (chilled) was beyond 8 °C", StringComparison.Ordinal) && r.EndsWith("(R2)", StringComparison.Ordinal));
        Assert.True(failed.Compartments.Single().MaxCelsius > 8);
        Assert.True(failed.Compartments.Single().MinutesOutOfRange > 5);

        var salad = await VerdictAsync(server, "ORD-SALAD", v => v.Compliant);
        Assert.Equal(["c1", "c2"], salad.Compartments.Select(c => c.Channel));
        Assert.True(salad.Compartments.All(c => c.Readings > 0 && c.MinutesOutOfRange == 0));
        Assert.NotNull(salad.DisinfectionAgeMinutes);
        var noodles = await VerdictAsync(server, "ORD-NOODLES", v => v.Compliant);
        Assert.Equal(("c3", "hot"), (noodles.Compartments.Single().Channel, noodles.Compartments.Single().Kind));
        Assert.Equal(240.0, noodles.ProcessingLimitMinutes);

        var bread = await VerdictAsync(server, "ORD-BREAD", v => !v.Compliant);
        Assert.Equal(["handed over"], bread.Reasons.Select(r => r.Split(' ', 3) is [var a, var b, _] ? a + " " + b : r).Distinct());
        Assert.True(bread.LateByMinutes > 0);
        var soup = await VerdictAsync(server, "ORD-SOUP", v => !v.Compliant);
        Assert.Equal(["courier CR-2 failed today's health check (R7)"], soup.Reasons);
        Assert.False(soup.CourierFit);

        // Each fault raised its own alert, named after its order where it is about one; the clean deliveries raised none.
        var alerts = await Eventually.GetAsync(
            async () => await AlertsAsync(server) is var all && all.Any(a => a.Rule == "lid-open") && all.Any(a => a.Rule == "courier-not-fit") && all.Any(a => a.Rule == "delivery-late") ? all : null,
            TimeSpan.FromSeconds(30), "the alerts of the lid, the courier and the late hand-over");
        Assert.Equal(("BX-0004", "ORD-DESSERT"), alerts.Where(a => a.Rule == "lid-open").Select(a => (a.BoxId, a.OrderId)).Distinct().Single());
        Assert.Equal(("BX-0006", "ORD-SOUP"), alerts.Where(a => a.Rule == "courier-not-fit").Select(a => (a.BoxId, a.OrderId)).Single());
        Assert.Equal(("BX-0005", "ORD-BREAD"), alerts.Where(a => a.Rule == "delivery-late").Select(a => (a.BoxId, a.OrderId)).Single());
        Assert.Contains(alerts, a => a.Rule == "box-not-disinfected" && a.BoxId == UndisinfectedBox);
        Assert.DoesNotContain(alerts, a => a.BoxId is "BX-0001" or "BX-0003" && a.Severity == "critical");
    }

    private static async Task DispatchAsync(FleetServer server, string orderId, (string Name, string Category)[] items, DateTimeOffset deviceNow, int promisedMinutes) =>
        (await server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId, merchant = "Lao Wang", address = "12 Xinhua Road",
            items = items.Select(i => new { name = i.Name, category = i.Category }),
            orderedAt = deviceNow.AddMinutes(-10), processedAt = deviceNow.AddMinutes(-10), promisedAt = deviceNow.AddMinutes(promisedMinutes),
        }, Cancellation)).EnsureSuccessStatusCode();

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<List<AlertView>> AlertsAsync(FleetServer server) =>
        (await server.Http.GetFromJsonAsync<List<AlertView>>("/api/alerts", Cancellation))!;

    /// <summary>The verdict, once the hand-over is in and the readings up to it have been taken into account.</summary>
    private static async Task<DeliveryVerdict> VerdictAsync(FleetServer server, string orderId, Func<DeliveryVerdict, bool> expected)
    {
        DeliveryVerdict? last = null;
        try
        {
            return await Eventually.GetAsync(
                async () =>
                {
                    var response = await server.Http.GetAsync(new Uri($"/api/deliveries/{orderId}/verdict", UriKind.Relative), Cancellation);
                    last = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<DeliveryVerdict>(Cancellation) : null;
                    return last is not null && expected(last) ? last : null;
                },
                TimeSpan.FromSeconds(30), $"the verdict of {orderId}");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Last verdict: {(last is null ? "none" : string.Join("; ", last.Reasons))}", exception);
        }
    }
}
