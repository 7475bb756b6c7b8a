using System.Net;
using System.Net.Http.Json;
using Fleet.Server.Audit;
using Fleet.Server.Tests.Audit.Support;

namespace Fleet.Server.Tests.Audit;

public sealed class AuditApiTests : IAsyncLifetime
{
    private AuditedServer _server = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await AuditedServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task<StoredAuditEntry> RecordAsync(string action, string actor, string kind, string id, string? region = null) =>
        _server.Server.GetRequiredService<AuditTrail>().RecordAsync(
            AuditEntry.Change(action, new AuditActor(actor, "admin", null), new AuditTarget(kind, id), null, new { id }, "meituan-sz", region));

    [Fact]
    public async Task EntriesComeNewestFirstAndAreFilteredByActionTargetActorAndTime()
    {
        var first = await RecordAsync(AuditActions.AlertAcknowledged, "ada", "alert", "1");
        await RecordAsync(AuditActions.AlertResolved, "ada", "alert", "1");
        await RecordAsync(AuditActions.AlertAcknowledged, "bo", "alert", "2");
        var last = await RecordAsync(AuditActions.ConfigChanged, "bo", "courier", "C-1");

        var all = (await _server.Admin.AuditAsync()).Entries;
        Assert.Equal([last.Sequence, last.Sequence - 1, last.Sequence - 2, first.Sequence], all.Take(4).Select(e => e.Sequence));
        Assert.Equal(["2", "1"], (await _server.Admin.AuditAsync("?action=alert.acknowledged")).Entries.Select(e => e.TargetId));
        Assert.Equal(2, (await _server.Admin.AuditAsync("?target=alert/1")).Entries.Count);
        Assert.Equal(3, (await _server.Admin.AuditAsync("?target=alert")).Entries.Count);
        Assert.Equal(["courier", "alert"], (await _server.Admin.AuditAsync("?actor=bo")).Entries.Select(e => e.TargetKind));
        var at = DateTimeOffset.FromUnixTimeMilliseconds(last.AtMs);
        Assert.Contains(last.Sequence, (await _server.Admin.AuditAsync($"?from={Uri.EscapeDataString(at.ToString("O"))}")).Entries.Select(e => e.Sequence));
        Assert.Empty((await _server.Admin.AuditAsync($"?to={Uri.EscapeDataString(at.AddDays(-1).ToString("O"))}")).Entries);
    }

    [Fact]
    public async Task PagesFollowTheCursorThroughEveryEntryOnce()
    {
        for (var i = 0; i < 7; i++)
        {
            await RecordAsync(AuditActions.ExportCreated, "ada", "backup", $"b-{i}");
        }

        var seen = new List<string?>();
        long? cursor = null;
        do
        {
            var page = await _server.Admin.AuditAsync($"?action=export.created&limit=3{(cursor is { } c ? $"&cursor={c}" : "")}");
            Assert.InRange(page.Entries.Count, 1, 3);
            seen.AddRange(page.Entries.Select(e => e.TargetId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"b-{i}"), seen);
    }

    [Fact]
    public async Task ARegulatorSeesOnlyEntriesOfTheirRegionsAndAnAdminSeesAll()
    {
        await RecordAsync(AuditActions.AlertAcknowledged, "ada", "alert", "nanshan", "440305");
        await RecordAsync(AuditActions.AlertAcknowledged, "ada", "alert", "guangzhou", "440106");
        await RecordAsync(AuditActions.AlertAcknowledged, "ada", "alert", "shanghai", "310101");
        await RecordAsync(AuditActions.AlertAcknowledged, "ada", "alert", "unscoped");
        var shenzhen = await _server.RegulatorAsync("rui", "4403");
        var twoRegions = await _server.RegulatorAsync("rui-two", "4403", "3101");

        var seenByShenzhen = (await shenzhen.AuditAsync("?action=alert.acknowledged")).Entries.Select(e => e.TargetId);
        var seenByBoth = (await twoRegions.AuditAsync("?action=alert.acknowledged")).Entries.Select(e => e.TargetId);
        var seenByAdmin = (await _server.Admin.AuditAsync("?action=alert.acknowledged")).Entries.Select(e => e.TargetId);

        Assert.Equal(["nanshan"], seenByShenzhen);
        Assert.Equal(["shanghai", "nanshan"], seenByBoth);
        Assert.Equal(["unscoped", "shanghai", "guangzhou", "nanshan"], seenByAdmin);
    }

    [Fact]
    public async Task AFleetManagerARegulatorWithoutARegionAndNobodyAreRefused()
    {
        var manager = await _server.ManagerAsync("meng");

        // A regulator without a region cannot exist: access refuses to create one.
        var regionless = await _server.Admin.PostAsJsonAsync("/api/admin/users", new { name = "rui", password = "long enough password", role = "regulator" }, Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync(new Uri("/api/audit", UriKind.Relative), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, regionless.StatusCode);
        Assert.Contains("a regulator needs one or more regions", await regionless.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous.GetAsync(new Uri("/api/audit", UriKind.Relative), Cancel)).StatusCode);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=5000", "limit")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from must not be after to")]
    [InlineData("?target=/42", "target")]
    [InlineData("?cursor=-3", "cursor")]
    public async Task ABadQueryIsRefusedWithItsReason(string query, string reason)
    {
        var response = await _server.Admin.GetAsync(new Uri("/api/audit" + query, UriKind.Relative), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }
}
