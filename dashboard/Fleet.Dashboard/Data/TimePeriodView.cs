namespace Fleet.Dashboard.Data;

/// <summary>A stretch of time, such as the lid being open; <paramref name="To"/> is null while it lasts.</summary>
public sealed record TimePeriodView(DateTimeOffset From, DateTimeOffset? To);
