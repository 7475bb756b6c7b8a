using Fleet.Dashboard.Data;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The audit trail for admins and regulators (the feed applies their scope): entries newest first,
/// filtered by action, target, who and day, page by page, under the state of the hash chain.
/// </summary>
public partial class AuditPage : ComponentBase
{
    /// <summary>How many entries a page loads at a time.</summary>
    public const int PageSize = 100;

    /// <summary>The action codes offered in the filter.</summary>
    public static readonly IReadOnlyList<string> ActionCodes =
    [
        "signin.succeeded", "signin.failed", "alert.acknowledged", "alert.resolved", "config.changed",
        "assignment.changed", "assignment.overridden", "export.created", "retention.purged",
    ];

    private readonly List<AuditEntryView> entries = [];
    private AuditPageView? page;
    private AuditChainStatusView? chain;
    private AuditFilterView filter = new();
    private string action = "";
    private string target = "";
    private string actor = "";
    private DateOnly? fromDay;
    private DateOnly? toDay;
    private bool busy;

    [Inject]
    private IAuditFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync(append: false);
        await VerifyAsync();
    }

    private Task ApplyAsync()
    {
        var zone = Time.LocalTimeZone;
        filter = new AuditFilterView(
            fromDay is { } from ? StartOf(from, zone) : null,
            toDay is { } to ? StartOf(to.AddDays(1), zone).AddMilliseconds(-1) : null,
            Blank(action),
            Blank(target),
            Blank(actor));
        return LoadAsync(append: false);
    }

    private Task OlderAsync() => LoadAsync(append: true);

    private async Task LoadAsync(bool append)
    {
        busy = true;
        try
        {
            var query = append && page?.NextCursor is { } cursor ? filter with { Cursor = cursor } : filter;
            page = await Feed.GetEntriesAsync(query, PageSize);
            if (!append)
            {
                entries.Clear();
            }

            entries.AddRange(page.Entries);
        }
        finally
        {
            busy = false;
        }
    }

    private async Task VerifyAsync()
    {
        busy = true;
        try
        {
            chain = await Feed.VerifyAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
