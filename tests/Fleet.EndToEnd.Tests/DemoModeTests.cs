using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.EndToEnd.Tests.Infrastructure;
using Fleet.Server.Boxes;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// The README's run command, <c>--demo N</c>: the server runs simulated boxes against its own
/// broker, and the demo's faulty box raises the chilled alert.
/// </summary>
public sealed class DemoModeTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoFleetReportsLiveAndItsFaultyBoxRaisesTheChilledAlert()
    {
        using var server = FleetServer.Start(("Demo:Boxes", "4"), ("Demo:Speed", "60"));

        var boxes = await Eventually.GetAsync(
            async () =>
            {
                var all = await server.Http.GetFromJsonAsync<List<BoxResponse>>("/api/boxes", Cancellation);
                return all!.Count == 4 && all.All(b => b.Online && b.Channels.Any(c => c.Celsius is not null)) ? all : null;
            },
            TimeSpan.FromSeconds(30),
            "four demo boxes online and reporting");
        Assert.Equal(["BX-0001", "BX-0002", "BX-0003", "BX-0004"], boxes.Select(b => b.BoxId));

        var alert = await Eventually.GetAsync(
            async () => (await server.Http.GetFromJsonAsync<List<AlertView>>("/api/alerts?state=open", Cancellation))!.FirstOrDefault(),
            TimeSpan.FromSeconds(60),
            "the demo's chilled alert");
        Assert.Equal(("BX-0003", "c1", "chilled-too-warm"), (alert.BoxId, alert.Channel, alert.Rule));
    }

    [Fact]
    public async Task ASecondDemoRunCarriesOnAfterTheFirstRunsReadings()
    {
        var store = Directory.CreateTempSubdirectory("fleet-e2e-demo-").FullName;
        try
        {
            var firstRun = await C1ReadingsOfOneDemoRunAsync(store);
            var secondRun = await C1ReadingsOfOneDemoRunAsync(store);

            Assert.True(
                secondRun.Min(r => r.T) > firstRun.Max(r => r.T),
                "the second run's device clock starts after the first run's latest reading");
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    [Fact]
    public async Task DashboardPagesAndTheirScriptsAreServed()
    {
        using var server = FleetServer.Start();

        foreach (var page in new[] { "/", "/alerts" })
        {
            var html = await server.Http.GetStringAsync(page, Cancellation);
            Assert.Contains("<title>", html, StringComparison.Ordinal);
            Assert.Contains("_framework/blazor.web", html, StringComparison.Ordinal);
        }

        using var script = await server.Http.GetAsync("/_framework/blazor.web.js", Cancellation);
        Assert.True(script.IsSuccessStatusCode, $"blazor.web.js: {script.StatusCode}");
        Assert.True((await script.Content.ReadAsByteArrayAsync(Cancellation)).Length > 10_000);
    }

    // Runs a one-box demo on the store until it has stored a few readings, and returns them.
    private static async Task<IReadOnlyList<ReadingResponse>> C1ReadingsOfOneDemoRunAsync(string store)
    {
        using var server = FleetServer.Start((FleetServer.DataDirectoryKey, store), ("Demo:Boxes", "1"), ("Demo:Speed", "60"));
        var startedAt = DateTimeOffset.UtcNow;
        var window = $"from={startedAt.AddDays(-1):O}&to={startedAt.AddDays(30):O}".Replace("+", "%2B", StringComparison.Ordinal);
        return await Eventually.GetAsync(
            async () =>
            {
                // 404 until the demo box has registered.
                using var response = await server.Http.GetAsync($"/api/boxes/BX-0001/readings?channel=c1&{window}", Cancellation);
                var stored = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ReadingsResponse>(Cancellation) : null;
                var ofThisRun = stored?.Readings.Where(r => r.ReceivedAt >= startedAt).ToList();
                return ofThisRun?.Count >= 3 ? ofThisRun : null;
            },
            TimeSpan.FromSeconds(30),
            "three readings from this demo run");
    }
}
