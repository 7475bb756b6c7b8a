namespace Fleet.Dashboard.Data;

/// <summary>The audit page's filter; every part is optional. <paramref name="Target"/> is a kind (alert) or kind/id (alert/42).</summary>
/// <param name="Cursor">The next cursor of the page before, to read older entries.</param>
public sealed record AuditFilterView(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Action = null,
    string? Target = null,
    string? Actor = null,
    long? Cursor = null);
