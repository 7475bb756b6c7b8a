using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Firmware.Protocol;
using Fleet.Server.Deliveries;
using Fleet.Server.Tests.Infrastructure;
using Fleet.Server.Verdicts;

namespace Fleet.Server.Tests.Verdicts;

/// <summary>
/// Each delivery's compliance verdict, over the real server: a box publishing over MQTT with QoS 1
/// (acknowledged once stored), the dispatch API for the order's steps, at device times in the past.
/// </summary>
public sealed class VerdictTests : IAsyncLifetime
{
    private const int Interval = 30;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private FleetServer _server = null!;
    private string? _dataDirectory;

    public async ValueTask InitializeAsync()
    {
        _dataDirectory = FleetServer.NewDataDirectory();
        _server = await FleetServer.StartAsync(_dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        FleetServer.TryDelete(_dataDirectory!);
    }

    /// <summary>A box of one compartment, disinfected two hours ago, and a fit courier.</summary>
    private async Task<TestBox> BoxAsync(string boxId, string kind)
    {
        var today = PlatformDay.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-V", new { name = "Li Lei", certificateExpires = PlatformDay.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), training = "Food safety 2025" })).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-V/health-checks", new { passed = true })).EnsureSuccessStatusCode();
        (await _server.Http.PutAsJsonAsync($"/api/boxes/{boxId}/profile", new { inService = today, compartments = new[] { new { channel = "c1", capability = kind } } })).EnsureSuccessStatusCode();
        var box = await TestBox.ConnectAsync(_server, boxId);
        await box.PublishStatusAsync(("c1", kind));
        var on = Senml.NowSeconds() - 7200;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{boxId}:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");
        return box;
    }

    private async Task OrderAsync(string orderId, string category, DateTimeOffset processedAt, DateTimeOffset promisedAt, string boxId)
    {
        var created = await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId, merchant = "Lao Wang", address = "12 Xinhua Road", processedAt, promisedAt,
            items = new[] { new { name = "Dish", category } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.ReturnsAsync(
            () => _server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/assign", new { courierId = "CR-V", boxId }),
            r => r.StatusCode == HttpStatusCode.OK, "the assignment");
    }

    /// <summary>Publishes c1 readings every 30 s from <paramref name="start"/>, skipping NaN values; returns once stored.</summary>
    private static Task PublishAsync(TestBox box, long start, params double[] values)
    {
        var readings = new List<(string, double, double)>();
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                readings.Add(("c1", i * Interval, values[i]));
            }
        }

        return box.PublishAsync(Topics.Telemetry, Senml.Telemetry(box.BoxId, start, [.. readings]));
    }

    private Task<HttpResponseMessage> StepAsync(string orderId, string step, long atSeconds) =>
        _server.Http.PostAsJsonAsync($"/api/deliveries/{orderId}/{step}", new { at = DateTimeOffset.FromUnixTimeSeconds(atSeconds) });

    private async Task<DeliveryVerdict?> VerdictAsync(string orderId)
    {
        var response = await _server.Http.GetAsync(new Uri($"/api/deliveries/{orderId}/verdict", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<DeliveryVerdict>(Json);
    }

    private static double[] Constant(int count, double celsius) => Enumerable.Repeat(celsius, count).ToArray();

    [Fact]
    public async Task AVerdictIsNotFoundBeforeHandOverThenShowsTheEvidenceAndSurvivesARestart()
    {
        await using var box = await BoxAsync("BX-V1", "chilled");
        var pickup = Senml.NowSeconds() - 600;
        await OrderAsync("ORD-V1", FoodCategories.Chilled, DateTimeOffset.FromUnixTimeSeconds(pickup - 900), DateTimeOffset.FromUnixTimeSeconds(pickup + 1800), box.BoxId);
        await PublishAsync(box, pickup, [4, 5, 3, .. Constant(17, 4), 6]);
        (await StepAsync("ORD-V1", "pickup", pickup)).EnsureSuccessStatusCode();
        Assert.Null(await VerdictAsync("ORD-V1"));

        (await StepAsync("ORD-V1", "handover", pickup + 600)).EnsureSuccessStatusCode();
        var verdict = await Eventually.ReturnsAsync(() => VerdictAsync("ORD-V1"), v => v is not null, "the verdict");

        Assert.True(verdict!.Compliant, string.Join("; ", verdict.Reasons));
        var c1 = Assert.Single(verdict.Compartments);
        Assert.Equal(("c1", "chilled", 21, 3.0, 6.0, 0.0), (c1.Channel, c1.Kind, c1.Readings, c1.MinCelsius, c1.MaxCelsius, c1.MinutesOutOfRange));
        Assert.Equal(Math.Round((4 + 5 + 3 + 17 * 4 + 6) / 21.0, 2), c1.MeanCelsius);
        Assert.Equal((25.0, 10.0, 30.0, -20.0), (verdict.ProcessingToHandOverMinutes, verdict.PickupToHandOverMinutes, verdict.PromisedMinutes, verdict.LateByMinutes));
        Assert.Null(verdict.ProcessingLimitMinutes);
        Assert.True(verdict.CourierFit);
        Assert.Empty(verdict.Gaps);
        Assert.InRange(verdict.DisinfectionAgeMinutes!.Value, 99, 101);

        await _server.StopAsync();
        await _server.DisposeAsync();
        _server = await FleetServer.StartAsync(_dataDirectory);
        var kept = await VerdictAsync("ORD-V1");
        Assert.Equal((verdict.Revision, verdict.ComputedAt, true), (kept!.Revision, kept.ComputedAt, kept.Compliant));
    }

    public static TheoryData<int[], bool, double> WarmSpans => new()
    {
        { [10], true, 5.0 },      // exactly the 5 min grace: allowed
        { [11], false, 5.5 },     // just over it
        { [6, 6], false, 6.0 },   // two short excursions, neither alerting alone, add up within the delivery
    };

    [Theory]
    [MemberData(nameof(WarmSpans))]
    public async Task MinutesOutOfRangeAddUpWithinTheDeliveryAndMoreThanTheGraceTimeIsNonCompliant(int[] warmReadings, bool compliant, double minutes)
    {
        await using var box = await BoxAsync("BX-V2", "chilled");
        var pickup = Senml.NowSeconds() - 900;
        var values = new List<double> { 4 };
        foreach (var warm in warmReadings)
        {
            values.AddRange(Constant(warm, 9));
            values.Add(4);
        }

        values.AddRange(Constant(31 - values.Count, 4));
        await OrderAsync("ORD-V2", FoodCategories.Chilled, DateTimeOffset.FromUnixTimeSeconds(pickup - 600), DateTimeOffset.FromUnixTimeSeconds(pickup + 3600), box.BoxId);
        await PublishAsync(box, pickup, [.. values]);
        (await StepAsync("ORD-V2", "pickup", pickup)).EnsureSuccessStatusCode();
        (await StepAsync("ORD-V2", "handover", pickup + 900)).EnsureSuccessStatusCode();

        var verdict = (await Eventually.ReturnsAsync(() => VerdictAsync("ORD-V2"), v => v is not null, "the verdict"))!;

        Assert.Equal(minutes, Assert.Single(verdict.Compartments).MinutesOutOfRange);
        Assert.Equal(compliant, verdict.Compliant);
        Assert.Equal(compliant, !verdict.Reasons.Any(r => r.Contains("R2", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(FoodCategories.Ambient, "ambient", 25.0, 120, true)]
    [InlineData(FoodCategories.Ambient, "ambient", 25.0, 121, false)]
    [InlineData(FoodCategories.Hot, "hot", 65.0, 240, true)]
    [InlineData(FoodCategories.Hot, "hot", 65.0, 241, false)]
    [InlineData(FoodCategories.Hot, "hot", 55.0, 121, false)]
    public async Task FoodBetweenEightAndSixtyDegreesHasTwoHoursFromProcessingAndHotHeldFoodFour(string category, string kind, double celsius, int minutesSinceProcessing, bool compliant)
    {
        await using var box = await BoxAsync("BX-V3", kind);
        var pickup = Senml.NowSeconds() - 600;
        var handover = pickup + 600;
        await OrderAsync("ORD-V3", category, DateTimeOffset.FromUnixTimeSeconds(handover - (minutesSinceProcessing * 60)), DateTimeOffset.FromUnixTimeSeconds(handover + 60), box.BoxId);
        await PublishAsync(box, pickup, Constant(21, celsius));
        (await StepAsync("ORD-V3", "pickup", pickup)).EnsureSuccessStatusCode();
        (await StepAsync("ORD-V3", "handover", handover)).EnsureSuccessStatusCode();

        var verdict = (await Eventually.ReturnsAsync(() => VerdictAsync("ORD-V3"), v => v is not null, "the verdict"))!;

        Assert.Equal(kind == "hot" && celsius >= 60 ? 240.0 : 120.0, verdict.ProcessingLimitMinutes);
        Assert.Equal(compliant, !verdict.Reasons.Any(r => r.Contains("processing to hand-over", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AHandOverAfterThePromisedTimeIsNonCompliantByHowLate()
    {
        await using var box = await BoxAsync("BX-V4", "chilled");
        var pickup = Senml.NowSeconds() - 600;
        await OrderAsync("ORD-V4", FoodCategories.Chilled, DateTimeOffset.FromUnixTimeSeconds(pickup - 600), DateTimeOffset.FromUnixTimeSeconds(pickup + 540), box.BoxId);
        await PublishAsync(box, pickup, Constant(21, 4));
        (await StepAsync("ORD-V4", "pickup", pickup)).EnsureSuccessStatusCode();
        (await StepAsync("ORD-V4", "handover", pickup + 600)).EnsureSuccessStatusCode();

        var verdict = (await Eventually.ReturnsAsync(() => VerdictAsync("ORD-V4"), v => v is not null, "the verdict"))!;

        Assert.False(verdict.Compliant);
        Assert.Equal(1.0, verdict.LateByMinutes);
        Assert.Contains("after the promised time (R5)", Assert.Single(verdict.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingsArrivingLateToFillAGapRecomputeTheVerdict()
    {
        await using var box = await BoxAsync("BX-V5", "chilled");
        var pickup = Senml.NowSeconds() - 600;
        await OrderAsync("ORD-V5", FoodCategories.Chilled, DateTimeOffset.FromUnixTimeSeconds(pickup - 600), DateTimeOffset.FromUnixTimeSeconds(pickup + 1800), box.BoxId);
        var values = Constant(21, 4);
        var missing = Constant(21, double.NaN);
        for (var i = 4; i <= 10; i++)
        {
            (values[i], missing[i]) = (double.NaN, 5);
        }

        await PublishAsync(box, pickup, values);
        (await StepAsync("ORD-V5", "pickup", pickup)).EnsureSuccessStatusCode();
        (await StepAsync("ORD-V5", "handover", pickup + 600)).EnsureSuccessStatusCode();
        var first = (await Eventually.ReturnsAsync(() => VerdictAsync("ORD-V5"), v => v is not null, "the first verdict"))!;
        Assert.False(first.Compliant);
        var gap = Assert.Single(first.Gaps);
        Assert.Equal(("c1", 4.0), (gap.Channel, gap.Minutes));
        Assert.Contains("R11", Assert.Single(first.Reasons), StringComparison.Ordinal);

        await PublishAsync(box, pickup, missing);

        var second = (await Eventually.ReturnsAsync(() => VerdictAsync("ORD-V5"), v => v!.Revision > first.Revision && v.Compliant, "the recomputed verdict"))!;
        Assert.Empty(second.Gaps);
        Assert.Equal((21, 5.0), (second.Compartments[0].Readings, second.Compartments[0].MaxCelsius));
    }

    [Fact]
    public async Task AnUnknownDeliveryHasNoVerdict() =>
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync(new Uri("/api/deliveries/NO-SUCH/verdict", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
}
