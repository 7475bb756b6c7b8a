using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Verdicts;
using Fleet.Simulator;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// A short shift: three simulated boxes disinfect themselves, the dispatch API assigns them orders of
/// different food categories, couriers press pickup and hand-over on the boxes, one box's cooling
/// fails on the way. Every delivery gets its verdict: the one in the failed box is not compliant,
/// and says why; the others are.
/// </summary>
public sealed class DeliveryShiftTests
{
    private const double Speed = 60;
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly (string OrderId, string BoxId, (string Name, string Category)[] Items)[] Orders =
    [
        ("ORD-SALAD", "BX-0001", [("Sashimi", "raw-or-cold"), ("Ice cream", "frozen")]),
        ("ORD-CAKE", "BX-0002", [("Cream cake", "chilled")]),
        ("ORD-NOODLES", "BX-0003", [("Beef noodles", "hot")]),
    ];

    [Fact]
    public async Task EachDeliveryOfAShiftGetsItsVerdictAndTheOneWhoseCoolingFailedIsNotCompliant()
    {
        using var server = FleetServer.Start(("Ingestion:MaxClockAheadSeconds", "86400"), ("Rules:Watch:CheckSeconds", "1"));
        // Device clocks start a quarter of an hour behind and run 60× fast: the boxes' UV-C cycles
        // end in the server's past, where the assignment check (on the server's clock) finds them.
        var options = new SimulationOptions { BrokerPort = server.MqttPort, SecretFor = server.ProvisionBox, Boxes = 3, Speed = Speed, Start = DateTimeOffset.UtcNow.AddMinutes(-15) };
        await using var fleet = new FleetSimulation(options);
        await fleet.StartAsync(Cancellation);

        var today = PlatformDay.Today;
        (await server.Http.PutAsJsonAsync("/api/couriers/CR-1", new { name = "Wang Fang", certificateExpires = Day(today.AddDays(90)), training = "Food safety 2025-03" }, Cancellation)).EnsureSuccessStatusCode();
        (await server.Http.PostAsJsonAsync("/api/couriers/CR-1/health-checks", new { passed = true }, Cancellation)).EnsureSuccessStatusCode();
        foreach (var box in fleet.Boxes)
        {
            var compartments = new[] { new { channel = "c1", capability = "chilled" }, new { channel = "c2", capability = "frozen" }, new { channel = "c3", capability = "hot" } };
            (await server.Http.PutAsJsonAsync($"/api/boxes/{box.BoxId}/profile", new { inService = Day(today.AddDays(-30)), compartments }, Cancellation)).EnsureSuccessStatusCode();
            await Eventually.GetAsync(() => Task.FromResult(box.Connected && box.StartDisinfection() ? box : null), TimeSpan.FromSeconds(10), $"{box.BoxId} disinfecting");
        }

        var deviceNow = fleet.DeviceNow;
        foreach (var (orderId, boxId, items) in Orders)
        {
            (await server.Http.PostAsJsonAsync("/api/deliveries", new
            {
                orderId, merchant = "Lao Wang", address = "12 Xinhua Road",
                items = items.Select(i => new { name = i.Name, category = i.Category }),
                orderedAt = deviceNow.AddMinutes(-10), processedAt = deviceNow.AddMinutes(-10), promisedAt = deviceNow.AddMinutes(90),
            }, Cancellation)).EnsureSuccessStatusCode();
            await Eventually.GetAsync(
                async () => (await server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/assign", new { courierId = "CR-1", boxId }, Cancellation)).StatusCode == HttpStatusCode.OK ? orderId : null,
                TimeSpan.FromSeconds(15), $"{orderId} assigned once {boxId}'s disinfection is stored");
        }

        foreach (var (orderId, boxId, _) in Orders)
        {
            fleet[boxId].PressPickup(orderId);
        }

        fleet["BX-0002"].InjectCoolingFailure();
        var chilled = await Eventually.GetAsync(
            async () => (await AlertsAsync(server)).FirstOrDefault(a => a.Rule == "chilled-too-warm" && a.BoxId == "BX-0002"),
            TimeSpan.FromSeconds(40), "the chilled alert of the box whose cooling failed");
        Assert.Equal("c1", chilled.Channel);

        foreach (var (orderId, boxId, _) in Orders)
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

        // Only the failed box raised an alert about its food; the others' deliveries raised none.
        var alerts = await AlertsAsync(server);
        Assert.DoesNotContain(alerts, a => a.BoxId != "BX-0002" && a.Severity == "critical");
    }

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
                TimeSpan.FromSeconds(15), $"the verdict of {orderId}");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Last verdict: {(last is null ? "none" : string.Join("; ", last.Reasons))}", exception);
        }
    }
}
