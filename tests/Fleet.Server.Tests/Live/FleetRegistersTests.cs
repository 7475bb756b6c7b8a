using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Fleet.Dashboard.Data;
using Fleet.Firmware.Protocol;
using Fleet.Server.Live;
using Fleet.Server.Tests.Infrastructure;

namespace Fleet.Server.Tests.Live;

/// <summary>The couriers page and the disinfection board read the registries as the rules judge them.</summary>
public sealed class FleetRegistersTests : IAsyncLifetime
{
    private FleetServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FleetServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task CouriersShowTheirFitnessForThePlatformsDayAndTheOrderTheyCarry()
    {
        var ct = TestContext.Current.CancellationToken;
        var today = PlatformDay.Today;
        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-FIT", new { name = "Li Lei", certificateExpires = Day(today.AddDays(30)) }, ct)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsJsonAsync("/api/couriers/CR-FIT/health-checks", new { passed = true }, ct)).EnsureSuccessStatusCode();
        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-OUT", new { name = "Wang Fang", certificateExpires = Day(today.AddDays(-1)) }, ct)).EnsureSuccessStatusCode();
        await DisinfectedBoxAsync("BX-REG1", ct);
        var ordered = DateTimeOffset.UtcNow;
        (await _server.Http.PostAsJsonAsync("/api/deliveries", new
        {
            orderId = "ORD-REG", merchant = "Lao Wang", address = "12 Xinhua Road", orderedAt = ordered, processedAt = ordered,
            promisedAt = ordered.AddMinutes(30), items = new[] { new { name = "Noodles", category = "hot" } },
        }, ct)).EnsureSuccessStatusCode();
        await Eventually.ReturnsAsync(
            () => _server.Http.PostAsJsonAsync("/api/deliveries/ORD-REG/assign", new { courierId = "CR-FIT", boxId = "BX-REG1" }, ct),
            r => r.StatusCode == HttpStatusCode.OK, "the assignment");
        (await _server.Http.PostAsJsonAsync("/api/deliveries/ORD-REG/pickup", new { }, ct)).EnsureSuccessStatusCode();

        var roster = await _server.GetRequiredService<FleetRegisters>().GetCouriersAsync(ct);
        var couriers = roster.Couriers;
        Assert.Equal(DateOnly.FromDateTime(today), roster.Day);
        // The platform's day (UTC+8 by default) ends at 16:00 UTC of the day before.
        Assert.Equal(new DateTimeOffset(today.AddDays(1), TimeSpan.FromHours(8)), roster.DayEndsAt);

        var fit = couriers.Single(c => c.CourierId == "CR-FIT");
        Assert.Equal((true, true, "ORD-REG"), (fit.Fit, fit.CheckedToday, fit.CarryingOrderId));
        var expired = couriers.Single(c => c.CourierId == "CR-OUT");
        Assert.False(expired.Fit);
        Assert.Contains(expired.Unfit, r => r.Contains("expired", StringComparison.Ordinal));
        Assert.Contains(expired.Unfit, r => r.Contains("no health check", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheBoardShowsWhenEachBoxsLastFullDisinfectionRunsOutAndABoxWithoutOneIsNotFit()
    {
        var ct = TestContext.Current.CancellationToken;
        var disinfectedMs = await DisinfectedBoxAsync("BX-REG2", ct);
        (await _server.Http.PutAsJsonAsync("/api/boxes/BX-REG3/profile", new { inService = Day(PlatformDay.Today.AddYears(-2)), compartments = new[] { new { channel = "c1", capability = "chilled" } } }, ct)).EnsureSuccessStatusCode();

        var board = await Eventually.ReturnsAsync(
            () => _server.GetRequiredService<FleetRegisters>().GetDisinfectionBoardAsync(ct),
            b => b.Any(x => x.BoxId == "BX-REG2" && x.LastDisinfectedAt is not null), "the disinfection on the board");

        var done = board.Single(b => b.BoxId == "BX-REG2");
        Assert.Equal((disinfectedMs, disinfectedMs + 86_400_000), (done.LastDisinfectedAt?.ToUnixTimeMilliseconds(), done.FitUntil?.ToUnixTimeMilliseconds()));
        Assert.True(done.IsFitAt(DateTimeOffset.UtcNow));
        Assert.Equal(("UV-C on 600 s", true, false), (done.LastCycle, done.LastCycleCounts, done.ReplaceDue));
        var none = board.Single(b => b.BoxId == "BX-REG3");
        Assert.False(none.IsFitAt(DateTimeOffset.UtcNow));
        Assert.True(none.ReplaceDue);
    }

    [Fact]
    public async Task TheRegistersSayWhenAHealthCheckOrADisinfectionIsStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var registers = _server.GetRequiredService<FleetRegisters>();
        var couriersChanged = 0;
        var disinfectionsChanged = 0;
        registers.CouriersChanged += () => Interlocked.Increment(ref couriersChanged);
        registers.DisinfectionsChanged += () => Interlocked.Increment(ref disinfectionsChanged);

        (await _server.Http.PutAsJsonAsync("/api/couriers/CR-EV", new { name = "Li Lei", certificateExpires = Day(PlatformDay.Today.AddDays(30)) }, ct)).EnsureSuccessStatusCode();
        Assert.Equal(1, Volatile.Read(ref couriersChanged));
        await DisinfectedBoxAsync("BX-REG4", ct);

        await Eventually.ReturnsAsync(() => Task.FromResult(Volatile.Read(ref disinfectionsChanged)), n => n >= 2, "the profile and the UV-C cycle");
    }

    [Fact]
    public async Task TheBoxPageHistoryListsTheCyclesThatEndedInItsRangeAndTheBoxsCalibrations()
    {
        var ct = TestContext.Current.CancellationToken;
        var disinfectedMs = await DisinfectedBoxAsync("BX-REG5", ct);
        (await _server.Http.PostAsJsonAsync("/api/boxes/BX-REG5/calibrations", new { channel = "c1", calibratedOn = Day(PlatformDay.Today.AddDays(-10)), dueOn = Day(PlatformDay.Today.AddDays(170)) }, ct)).EnsureSuccessStatusCode();
        var histories = _server.GetRequiredService<BoxHistories>();
        var now = DateTimeOffset.UtcNow;

        var history = await Eventually.ReturnsAsync(
            () => histories.GetAsync("BX-REG5", now.AddHours(-6), now, ct),
            h => h.Disinfections is { Count: 1 }, "the lamp cycle in the box's history");
        Assert.Equal((disinfectedMs, "UV-C on 600 s", true), (history.Disinfections![0].EndedAt.ToUnixTimeMilliseconds(), history.Disinfections[0].What, history.Disinfections[0].Counts));
        Assert.Equal("c1", Assert.Single(history.Calibrations!).Channel);
        Assert.Empty((await histories.GetAsync("BX-REG5", now.AddHours(-1), now, ct)).Disinfections!);
    }

    [Fact]
    public async Task TheBoxChartOfALongWindowReachesItsEndAndKeepsAShortExcursionInTheMiddle()
    {
        var ct = TestContext.Current.CancellationToken;
        await DisinfectedBoxAsync("BX-REG6", ct);
        var store = _server.GetRequiredService<Fleet.Server.Storage.IReadingStore>();
        // Sixteen days of one reading a minute: more than one page of readings.
        var endMs = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();
        const int count = 16 * 24 * 60;
        var startMs = endMs - ((count - 1) * 60_000L);
        var readings = new List<Fleet.Server.Storage.Reading>(count);
        for (var i = 0; i < count; i++)
        {
            readings.Add(new("BX-REG6", "c1", startMs + (i * 60_000L), i == count / 2 ? 11.5 : 4.0, endMs));
        }

        for (var i = 0; i < count; i += 1_000)
        {
            await store.WriteAsync("BX-REG6", readings.GetRange(i, Math.Min(1_000, count - i)), [], ct);
        }

        var history = await _server.GetRequiredService<BoxHistories>().GetAsync(
            "BX-REG6", DateTimeOffset.FromUnixTimeMilliseconds(startMs), DateTimeOffset.FromUnixTimeMilliseconds(endMs), ct);

        var series = Assert.Single(history.Series, s => s.Channel == "c1");
        // Thinning keeps each bucket's lowest and highest reading: the last point lies in the last bucket.
        Assert.True(series.Points[^1].At.ToUnixTimeMilliseconds() > endMs - ((endMs - startMs) / 150), $"the chart ends at {series.Points[^1].At:O}");
        Assert.Contains(series.Points, p => p.Celsius == 11.5);
        Assert.True(series.Points.Count <= 600, $"{series.Points.Count} points drawn");
    }

    /// <summary>A chilled box in service today with a 600 s UV-C cycle two hours ago; returns when the cycle ended.</summary>
    private async Task<long> DisinfectedBoxAsync(string boxId, CancellationToken ct)
    {
        (await _server.Http.PutAsJsonAsync($"/api/boxes/{boxId}/profile", new { inService = Day(PlatformDay.Today), compartments = new[] { new { channel = "c1", capability = "chilled" } } }, ct)).EnsureSuccessStatusCode();
        await using var box = await TestBox.ConnectAsync(_server, boxId);
        await box.PublishStatusAsync(("c1", "chilled"));
        var on = Senml.NowSeconds() - 7200;
        await box.PublishAsync(Topics.Events, $"[{{\"bn\":\"{boxId}:\",\"bt\":{on},\"n\":\"uvc\",\"vb\":true}},{{\"n\":\"uvc\",\"t\":600,\"vb\":false}}]");
        return (on + 600) * 1000;
    }
}
