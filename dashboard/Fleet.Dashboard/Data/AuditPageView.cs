namespace Fleet.Dashboard.Data;

/// <summary>A page of audit entries, newest first.</summary>
/// <param name="NextCursor">Pass as <see cref="AuditFilterView.Cursor"/> for older entries; null on the last page.</param>
/// <param name="Refusal">Why nothing is shown, in words for the user, when the user may not read the trail.</param>
public sealed record AuditPageView(IReadOnlyList<AuditEntryView> Entries, long? NextCursor, string? Refusal = null)
{
    public static AuditPageView Refused(string why) => new([], null, why);
}
