using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fleet.Server.Audit;
using Fleet.Server.Tests.Audit.Support;

namespace Fleet.Server.Tests.Evidence;

/// <summary>What the bundles hold, and who may have them.</summary>
public sealed class EvidenceBundleTests(EvidenceScenario scenario) : IClassFixture<EvidenceScenario>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADeliveryBundleHoldsEveryPartOfTheEvidenceAndASignedManifestOfThemAll()
    {
        var (_, files) = await scenario.BundleAsync($"/api/evidence/deliveries/{EvidenceScenario.OrderId}");

        string[] expected = ["alerts.json", "chain-heads.txt", "chain-links.csv", "chain-verification.json", "deliveries.json", "devices.json",
            "events.csv", "gaps.csv", "manifest.sha256", "manifest.sig", "readings.csv", "report.pdf", "rules.json", "subject.json"];
        Assert.Equal(expected, files.Keys.Order(StringComparer.Ordinal));
        var readings = Text(files, "readings.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("box_id,channel,device_time_utc,device_time_ms,value_celsius,received_at_ms,link", readings[0]);
        Assert.Equal(15, readings.Length - 1);
        Assert.All(readings.Skip(1), line => Assert.StartsWith(EvidenceScenario.BoxId + ",c1,", line, StringComparison.Ordinal));
        Assert.Contains("chilled-too-warm", Text(files, "alerts.json"), StringComparison.Ordinal);
        Assert.Contains(EvidenceScenario.OrderId, Text(files, "deliveries.json"), StringComparison.Ordinal);
        Assert.Contains("\"maxCelsius\": 8", Text(files, "rules.json"), StringComparison.Ordinal);
        var devices = Text(files, "devices.json");
        Assert.Contains("\"firmware\": \"1.0.0\"", devices, StringComparison.Ordinal);
        Assert.Contains("calibratedOn", devices, StringComparison.Ordinal);
        Assert.Contains("\"intact\": true", Text(files, "chain-verification.json"), StringComparison.Ordinal);
        Assert.Matches($"^{EvidenceScenario.BoxId} [0-9]+ [0-9a-f]{{64}}\n$", Text(files, "chain-heads.txt"));

        // The manifest lists every other file with its SHA-256, and the signature verifies with the published key.
        var manifest = Text(files, "manifest.sha256").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Where(f => !f.StartsWith("manifest.", StringComparison.Ordinal)), manifest.Select(l => l[66..]));
        Assert.All(manifest, line => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files[line[66..]])), line[..64]));
        using var key = ECDsa.Create();
        key.ImportFromPem(await scenario.Server.Http.GetStringAsync(new Uri("/api/evidence/public-key", UriKind.Relative), Ct));
        Assert.True(key.VerifyData(files["manifest.sha256"], files["manifest.sig"], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task TheEvidenceKeyIsMadeOnFirstStartReadableOnlyByTheServer()
    {
        var path = Path.Combine(scenario.Server.DataDirectory, "evidence-key.pem");

        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Contains("BEGIN PRIVATE KEY", await File.ReadAllTextAsync(path, Ct), StringComparison.Ordinal);
        using var anonymous = EvidenceServer.Anonymous(scenario.Server);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await anonymous.GetStringAsync(new Uri("/api/evidence/public-key", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoxAndMerchantBundlesCoverTheirWindow()
    {
        var from = Uri.EscapeDataString(scenario.Start.AddMinutes(-1).ToString("O"));
        var to = Uri.EscapeDataString(scenario.Start.AddMinutes(10).ToString("O"));

        var (_, box) = await scenario.BundleAsync($"/api/evidence/boxes/{EvidenceScenario.BoxId}?from={from}&to={to}");
        var (_, merchant) = await scenario.BundleAsync($"/api/evidence/merchants/{EvidenceScenario.Merchant}?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");

        Assert.Equal(16, Text(box, "readings.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\"kind\": \"box\"", Text(box, "subject.json"), StringComparison.Ordinal);
        Assert.Contains(EvidenceScenario.OrderId, Text(merchant, "deliveries.json"), StringComparison.Ordinal);
        Assert.Equal(16, Text(merchant, "readings.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("/api/evidence/boxes/BX-EV-1")]
    [InlineData("/api/evidence/boxes/BX-EV-1?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("/api/evidence/boxes/BX-EV-1?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("/api/evidence/merchants/Lao-Wang-Noodles?from=2026-01-01T00:00:00Z")]
    public async Task ABadWindowIsRefusedWithItsReason(string path)
    {
        using var response = await scenario.Server.Http.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("from|window", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task BundlesNeedASignedInCallerWithTheSubjectInScope()
    {
        var server = scenario.Server;
        using var anonymous = EvidenceServer.Anonymous(server);
        var path = new Uri($"/api/evidence/deliveries/{EvidenceScenario.OrderId}", UriKind.Relative);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path, Ct)).StatusCode);

        // A regulator of another region gets nothing; the merchant's own district and city get the merchant's bundle.
        var merchant = new Uri($"/api/evidence/merchants/{EvidenceScenario.Merchant}?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}", UriKind.Relative);
        var futian = await EvidenceServer.RegulatorAsync(server, "inspector-futian", "440304");
        Assert.Equal(HttpStatusCode.NotFound, (await futian.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await futian.GetAsync(merchant, Ct)).StatusCode);
        var nanshan = await EvidenceServer.RegulatorAsync(server, "inspector-nanshan", "440305");
        Assert.Equal(HttpStatusCode.OK, (await nanshan.GetAsync(merchant, Ct)).StatusCode);
        var shenzhen = await EvidenceServer.RegulatorAsync(server, "inspector-shenzhen", "4403");
        Assert.Equal(HttpStatusCode.OK, (await shenzhen.GetAsync(merchant, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync(new Uri("/api/evidence/deliveries/ORD-NONE", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task ARegulatorGetsTheBundlesOfTheirRegionsAndNotFoundElsewhere()
    {
        var shenzhen = await EvidenceServer.RegulatorAsync(scenario.Server, "inspector-sz-city", "4403");

        using var inRegion = await shenzhen.GetAsync(Delivery(EvidenceScenario.ShenzhenOrderId), Ct);
        Assert.Equal(HttpStatusCode.OK, inRegion.StatusCode);
        var files = EvidenceScenario.Unzip(await inRegion.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains(EvidenceScenario.ShenzhenOrderId, Text(files, "deliveries.json"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await shenzhen.GetAsync(Delivery(EvidenceScenario.ShanghaiOrderId), Ct)).StatusCode);
    }

    [Fact]
    public async Task AFleetManagerGetsTheirPlatformsBundlesAndNotFoundForAnothers()
    {
        var managerA = await EvidenceServer.ManagerAsync(scenario.Server, "manager-a", EvidenceScenario.PlatformA);
        var managerB = await EvidenceServer.ManagerAsync(scenario.Server, "manager-b", EvidenceScenario.PlatformB);

        Assert.Equal(HttpStatusCode.OK, (await managerA.GetAsync(Delivery(EvidenceScenario.ShenzhenOrderId), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await managerA.GetAsync(Delivery(EvidenceScenario.ShanghaiOrderId), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await managerB.GetAsync(Delivery(EvidenceScenario.ShenzhenOrderId), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await managerB.GetAsync(Delivery(EvidenceScenario.ShanghaiOrderId), Ct)).StatusCode);
    }

    [Fact]
    public async Task AManagersMerchantBundleHoldsOnlyTheirPlatformsOrders()
    {
        var managerA = await EvidenceServer.ManagerAsync(scenario.Server, "manager-a-merchant", EvidenceScenario.PlatformA);
        var managerB = await EvidenceServer.ManagerAsync(scenario.Server, "manager-b-merchant", EvidenceScenario.PlatformB);
        var period = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}";
        var merchant = new Uri($"/api/evidence/merchants/Nanshan-Dumplings?{period}", UriKind.Relative);

        using var response = await managerA.GetAsync(merchant, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(EvidenceScenario.ShenzhenOrderId, Text(EvidenceScenario.Unzip(await response.Content.ReadAsByteArrayAsync(Ct)), "deliveries.json"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await managerB.GetAsync(merchant, Ct)).StatusCode);
    }

    [Fact]
    public async Task ARegulatorVerifiesTheChainOfABoxThatCarriedADeliveryOfTheirRegionAndNoOther()
    {
        var shenzhen = await EvidenceServer.RegulatorAsync(scenario.Server, "inspector-chain-sz", "4403");
        var shanghai = await EvidenceServer.RegulatorAsync(scenario.Server, "inspector-chain-sh", "3101");
        var verify = new Uri($"/api/boxes/{EvidenceScenario.BoxId}/chain/verify", UriKind.Relative);

        Assert.Equal(HttpStatusCode.OK, (await shenzhen.GetAsync(verify, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await shanghai.GetAsync(verify, Ct)).StatusCode);
        // A box bundle (a window that may hold other regions' trips) stays with admins and the box's managers.
        var window = $"from={Uri.EscapeDataString(scenario.Start.ToString("O"))}&to={Uri.EscapeDataString(scenario.Start.AddMinutes(10).ToString("O"))}";
        Assert.Equal(HttpStatusCode.NotFound, (await shenzhen.GetAsync(new Uri($"/api/evidence/boxes/{EvidenceScenario.BoxId}?{window}", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task EveryEvidenceEndpointButThePublicKeyRefusesAnAnonymousCaller()
    {
        using var anonymous = EvidenceServer.Anonymous(scenario.Server);
        var window = "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z";
        string[] paths =
        [
            $"/api/evidence/deliveries/{EvidenceScenario.ShenzhenOrderId}",
            $"/api/evidence/boxes/{EvidenceScenario.BoxId}?{window}",
            $"/api/evidence/merchants/{EvidenceScenario.Merchant}?{window}",
            $"/api/alerts/{scenario.Alert.Id}/violation-report",
            $"/api/boxes/{EvidenceScenario.BoxId}/chain/verify",
        ];

        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(path, UriKind.Relative), Ct)).StatusCode);
        }

        using var key = await anonymous.GetAsync(new Uri("/api/evidence/public-key", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, key.StatusCode);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", await key.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryBundleServedIsRecordedInTheAuditTrailWithItsManifestsHash()
    {
        var regulator = await EvidenceServer.RegulatorAsync(scenario.Server, "inspector-audited", "4403");
        using var response = await regulator.GetAsync(Delivery(EvidenceScenario.ShenzhenOrderId), Ct);
        var files = EvidenceScenario.Unzip(await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(Ct));

        var entry = Assert.Single((await scenario.Server.Http.AuditAsync(
            $"?action={AuditActions.ExportCreated}&target=evidence-bundle/delivery/{EvidenceScenario.ShenzhenOrderId}&actor=inspector-audited")).Entries);
        Assert.Equal(Fleet.Server.Access.FleetClaims.RegulatorRole, entry.ActorRole);
        Assert.Equal((EvidenceScenario.PlatformA, "440305"), (entry.Platform, entry.Region));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files["manifest.sha256"])), AuditApi.Field(entry.After, "manifestSha256"));
        Assert.Equal(EvidenceScenario.ShenzhenOrderId, AuditApi.Field(entry.After, "subject", "id"));
        Assert.Equal(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), AuditApi.Field(entry.After, "file"));
    }

    [Fact]
    public async Task EveryViolationReportServedIsRecordedInTheAuditTrail()
    {
        var regulator = await EvidenceServer.RegulatorAsync(scenario.Server, "inspector-violations", "440305");
        using var response = await regulator.GetAsync(new Uri($"/api/alerts/{scenario.Alert.Id}/violation-report", UriKind.Relative), Ct);
        var files = EvidenceScenario.Unzip(await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(Ct));

        var entry = Assert.Single((await scenario.Server.Http.AuditAsync(
            $"?action={AuditActions.ExportCreated}&target=evidence-bundle/violation/{scenario.Alert.Id}&actor=inspector-violations")).Entries);
        Assert.Equal("440305", entry.Region);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(files["manifest.sha256"])), AuditApi.Field(entry.After, "manifestSha256"));

        // The regulator sees their own export in the trail of their region.
        Assert.Contains((await regulator.AuditAsync($"?action={AuditActions.ExportCreated}&actor=inspector-violations")).Entries, e => e.Sequence == entry.Sequence);
    }

    [Fact]
    public async Task AViolationReportIsAddressedToTheMerchantsCountyDepartment()
    {
        var (_, files) = await scenario.BundleAsync($"/api/alerts/{scenario.Alert.Id}/violation-report");

        Assert.Contains("violation-report.pdf", files.Keys);
        Assert.DoesNotContain("report.pdf", files.Keys);
        var text = await RegulatorTools.PdfTextAsync(files["violation-report.pdf"]);
        Assert.Contains("Nanshan District Administration for Market Regulation", text, StringComparison.Ordinal);
        Assert.Contains("region code 440305", text, StringComparison.Ordinal);
        Assert.Contains("chilled-too-warm", text, StringComparison.Ordinal);
        Assert.Contains(EvidenceScenario.OrderId, text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Server.Http.GetAsync(new Uri("/api/alerts/999999/violation-report", UriKind.Relative), Ct)).StatusCode);
    }

    private static Uri Delivery(string orderId) => new($"/api/evidence/deliveries/{orderId}", UriKind.Relative);

    private static string Text(Dictionary<string, byte[]> files, string name) => Encoding.UTF8.GetString(files[name]);
}
