using System.Net;
using Fleet.Server.Access;
using Fleet.Server.Regulator;

namespace Fleet.Server.Tests.Regulator;

/// <summary>
/// The regulator API over real HTTP against the known set of <see cref="RegulatorFixture"/>: each
/// role sees its jurisdiction only, the statistics add up, bad parameters are refused with a reason.
/// </summary>
public sealed class RegulatorApiTests(RegulatorFixture fixture) : IClassFixture<RegulatorFixture>
{
    private static readonly string[] Shenzhen = ["ORD-RS-4", "ORD-RS-2", "ORD-RS-1"];

    private Task<HttpClient> ShenzhenRegulatorAsync() => fixture.Server.ClientForAsync("sz-amr", FleetClaims.RegulatorRole, null, "4403");

    [Fact]
    public async Task ARegulatorOfShenzhenSeesNanshansDeliveriesAndNotShanghais()
    {
        var regulator = await ShenzhenRegulatorAsync();

        var page = await regulator.DeliveriesAsync();

        Assert.Equal(3, page.Total);
        Assert.Equal(Shenzhen.Order(), page.Items.Select(d => d.OrderId).Order());
        var late = Assert.Single(page.Items, d => d.OrderId == "ORD-RS-2");
        Assert.False(late.Compliant);
        Assert.Equal(1.0, late.LateByMinutes);
        Assert.Contains(late.Reasons, r => r.Contains("R5", StringComparison.Ordinal));
        Assert.Contains(late.Reasons, r => r.Contains("R2", StringComparison.Ordinal));
        Assert.Null(Assert.Single(page.Items, d => d.OrderId == "ORD-RS-4").Compliant);
        Assert.True(Assert.Single(page.Items, d => d.OrderId == "ORD-RS-1").Compliant);
    }

    [Fact]
    public async Task AskingForAnotherRegionAnswersNothingNeverItsData()
    {
        var regulator = await ShenzhenRegulatorAsync();

        Assert.Equal(0, (await regulator.DeliveriesAsync("region=3101")).Total);
        Assert.Empty((await regulator.StatisticsAsync("groupBy=region&region=3101")).Rows);
        Assert.Empty(await regulator.ExcursionsAsync("region=310101"));
        Assert.Equal(0, (await regulator.DeliveriesAsync("platform=eleme-sh")).Total);
        Assert.Equal(HttpStatusCode.NotFound, (await regulator.GetAsync("/api/deliveries/ORD-RS-3", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task TheStatisticsAddUpOverTheKnownDeliveries()
    {
        var regulator = await ShenzhenRegulatorAsync();
        var excursions = await fixture.TemperatureAlertsAsync("BX-RS-2");
        Assert.True(excursions >= 1, "the warm box raised a temperature alert");

        var byPlatform = await regulator.StatisticsAsync("groupBy=platform");

        var row = Assert.Single(byPlatform.Rows);
        Assert.Equal(("meituan-sz", 3, 2, 1, 0.5, excursions, 1, 22.5),
            (row.Key, row.Deliveries, row.HandedOver, row.Compliant, row.ComplianceRate, row.Excursions, row.LateHandOvers, row.MeanProcessingToHandOverMinutes));

        var byMerchant = (await regulator.StatisticsAsync("groupBy=merchant")).Rows;
        Assert.Equal(["Noodle House", "Tea Shop"], byMerchant.Select(r => r.Key));
        Assert.Equal((2, 2, 1, 0.5), (byMerchant[0].Deliveries, byMerchant[0].HandedOver, byMerchant[0].Compliant, byMerchant[0].ComplianceRate));
        Assert.Equal((1, 0, null, null), (byMerchant[1].Deliveries, byMerchant[1].HandedOver, byMerchant[1].ComplianceRate, byMerchant[1].MeanProcessingToHandOverMinutes));

        var byDay = Assert.Single((await regulator.StatisticsAsync("groupBy=day")).Rows);
        Assert.Equal(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), byDay.Key);

        var compliantOnly = await regulator.DeliveriesAsync("compliant=true");
        Assert.Equal(["ORD-RS-1"], compliantOnly.Items.Select(d => d.OrderId));
    }

    [Fact]
    public async Task AnAdminSeesEveryRegionAndTheExcursionsNameTheirOrder()
    {
        var admin = fixture.Server.Http;

        var byRegion = (await admin.StatisticsAsync("groupBy=region")).Rows;
        Assert.Equal([("310101", 1), ("440305", 3)], byRegion.Select(r => (r.Key, r.Deliveries)));

        var excursions = await admin.ExcursionsAsync();
        Assert.Contains(excursions, e => e is { Kind: "alert", OrderId: "ORD-RS-3", BoxId: "BX-RS-3", Merchant: "Dumpling Bar", Platform: "eleme-sh" });
        Assert.Contains(excursions, e => e is { Kind: "verdict", OrderId: "ORD-RS-2", Code: "non-compliant" } && e.Detail.Contains("R5", StringComparison.Ordinal));
        Assert.DoesNotContain(excursions, e => e.OrderId is "ORD-RS-1" or "ORD-RS-4");

        var shenzhenOnly = await (await ShenzhenRegulatorAsync()).ExcursionsAsync();
        Assert.NotEmpty(shenzhenOnly);
        Assert.All(shenzhenOnly, e => Assert.Equal("440305", e.MerchantRegion));
    }

    [Fact]
    public async Task AManagerSeesTheirOwnPlatformOnly()
    {
        var manager = await fixture.Server.ClientForAsync("sh-manager", FleetClaims.ManagerRole, "eleme-sh");

        Assert.Equal(["ORD-RS-3"], (await manager.DeliveriesAsync()).Items.Select(d => d.OrderId));
        Assert.Equal(["eleme-sh"], (await manager.StatisticsAsync("groupBy=platform")).Rows.Select(r => r.Key));
        Assert.Equal(0, (await manager.DeliveriesAsync("platform=meituan-sz")).Total);
    }

    [Fact]
    public async Task PagesAreCountedAndOrderedNewestFirst()
    {
        var regulator = await ShenzhenRegulatorAsync();

        var first = await regulator.DeliveriesAsync("pageSize=2");
        var second = await regulator.DeliveriesAsync("pageSize=2&page=2");

        Assert.Equal((3, 2, 1), (first.Total, first.Items.Count, second.Items.Count));
        Assert.Equal(Shenzhen.Order(), first.Items.Concat(second.Items).Select(d => d.OrderId).Order());
        Assert.Empty((await regulator.DeliveriesAsync($"to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}")).Items);
    }

    [Theory]
    [InlineData("/api/regulator/statistics?groupBy=courier", "groupBy")]
    [InlineData("/api/regulator/deliveries?from=yesterday", "from")]
    [InlineData("/api/regulator/deliveries?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "before")]
    [InlineData("/api/regulator/deliveries?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "366")]
    [InlineData("/api/regulator/excursions?region=44A3", "region")]
    [InlineData("/api/regulator/deliveries?compliant=maybe", "compliant")]
    [InlineData("/api/regulator/deliveries?pageSize=5000", "pageSize")]
    [InlineData("/api/regulator/deliveries?platform=Not%20A%20Platform", "platform")]
    public async Task BadParametersAreRefusedWithAReasonAndCounted(string url, string reasonMentions)
    {
        var metrics = fixture.Server.GetRequiredService<RegulatorMetrics>();
        var before = metrics.RefusedTotal;

        var response = await (await ShenzhenRegulatorAsync()).GetAsync(url, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reasonMentions, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(metrics.RefusedTotal > before);
    }

    [Theory]
    [InlineData("/api/regulator/deliveries")]
    [InlineData("/api/regulator/excursions")]
    [InlineData("/api/regulator/statistics")]
    public async Task AnonymousCallersAreUnauthorized(string url)
    {
        using var anonymous = fixture.Server.ClientWithToken(null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url, TestContext.Current.CancellationToken)).StatusCode);
    }
}
