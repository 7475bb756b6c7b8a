using Fleet.Dashboard.Data;
using Fleet.Dashboard.Pages;
using Fleet.Dashboard.Tests.Fakes;
using static Fleet.Dashboard.Tests.Fakes.Views;

namespace Fleet.Dashboard.Tests;

public sealed class AuditPageTests : DashboardTestContext
{
    private static AuditEntryView Entry(long sequence, string action, string target = "alert/1") =>
        new(sequence, Now.AddMinutes(sequence), "ada", "admin", "10.0.0.7", action, target, "440305", """{"state":"open"}""", """{"state":"acknowledged"}""");

    private static AuditChainStatusView Intact(long entries) => new(true, entries, entries, null, null, true, Now);

    [Fact]
    public void EntriesAreListedNewestFirstUnderAnIntactChainBanner()
    {
        AuditFeed.Entries.AddRange([Entry(1, "config.changed"), Entry(2, "alert.acknowledged"), Entry(3, "alert.resolved")]);
        AuditFeed.Chain = Intact(3);

        var page = Render<AuditPage>();

        Assert.Equal(["3", "2", "1"], page.FindAll("[data-testid=audit-row]").Select(r => r.GetAttribute("data-sequence")));
        Assert.Equal("yes", page.Find("[data-testid=chain-status]").GetAttribute("data-intact"));
        Assert.Contains("3 entries", page.Find("[data-testid=chain-status]").TextContent, StringComparison.Ordinal);
        Assert.Contains("acknowledged", page.FindAll("[data-testid=audit-after]")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenOrUnprotectedChainSaysWhereAndWhy()
    {
        AuditFeed.Entries.Add(Entry(1, "config.changed"));
        AuditFeed.Chain = new AuditChainStatusView(false, 5, 2, 3, "entry 3 does not match its hash: its content was changed", false, Now);

        var page = Render<AuditPage>();

        var banner = page.Find("[data-testid=chain-status]");
        Assert.Equal("no", banner.GetAttribute("data-intact"));
        Assert.Contains("broken at entry #3", banner.TextContent, StringComparison.Ordinal);
        Assert.Contains("content was changed", banner.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=chain-unprotected]"));
    }

    [Fact]
    public void AFilterIsAppliedThroughTheFeed()
    {
        AuditFeed.Entries.AddRange([Entry(1, "config.changed", "courier/C-1"), Entry(2, "alert.acknowledged")]);
        AuditFeed.Chain = Intact(2);
        var page = Render<AuditPage>();

        page.Find("[data-testid=audit-action]").Change("config.changed");
        page.Find("[data-testid=audit-actor]").Change("ada");
        page.Find("[data-testid=audit-from]").Change("2026-03-01");
        page.Find("form").Submit();

        var asked = AuditFeed.Asked[^1];
        Assert.Equal(("config.changed", "ada"), (asked.Action, asked.Actor));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)), asked.From);
        Assert.Equal(["config.changed"], page.FindAll("[data-testid=audit-row]").Select(r => r.GetAttribute("data-action")));
    }

    [Fact]
    public void OlderEntriesAreLoadedPageByPage()
    {
        AuditFeed.Entries.AddRange(Enumerable.Range(1, AuditPage.PageSize + 5).Select(i => Entry(i, "export.created", $"backup/b-{i}")));
        AuditFeed.Chain = Intact(AuditPage.PageSize + 5);
        var page = Render<AuditPage>();
        Assert.Equal(AuditPage.PageSize, page.FindAll("[data-testid=audit-row]").Count);

        page.Find("[data-testid=audit-older]").Click();

        var rows = page.FindAll("[data-testid=audit-row]");
        Assert.Equal(AuditPage.PageSize + 5, rows.Count);
        Assert.Equal("1", rows[^1].GetAttribute("data-sequence"));
        Assert.Empty(page.FindAll("[data-testid=audit-older]"));
    }

    [Fact]
    public void SomeoneWhoMayNotReadTheTrailIsToldSo()
    {
        AuditFeed.Refusal = "Only admins, and regulators for their regions, may read the audit trail.";

        var page = Render<AuditPage>();

        Assert.Contains("Only admins", page.Find("[data-testid=refused]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=chain-status]"));
        Assert.Empty(page.FindAll("[data-testid=audit-row]"));
    }
}
