using System.Globalization;

namespace Fleet.Dashboard.Components;

/// <summary>
/// The stretch of time a chart shows, and the zoom and pan steps over it. Written into a page's
/// address as <c>?from=&amp;to=</c> (UTC, ISO 8601) so a view can be shared.
/// </summary>
public readonly record struct ChartWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The narrowest window a zoom goes to.</summary>
    public static readonly TimeSpan Narrowest = TimeSpan.FromMinutes(1);

    /// <summary>The widest window a zoom goes to or a custom range may ask for.</summary>
    public static readonly TimeSpan Widest = TimeSpan.FromDays(31);

    public TimeSpan Length => To - From;

    /// <summary>The part between two fractions of the width (0 the left edge, 1 the right), at least <see cref="Narrowest"/>.</summary>
    public ChartWindow Between(double start, double end)
    {
        (start, end) = (Math.Clamp(Math.Min(start, end), 0, 1), Math.Clamp(Math.Max(start, end), 0, 1));
        var from = From + Length * start;
        return Sized(from + (Length * (end - start)) / 2, Length * (end - start));
    }

    /// <summary>This window scaled by <paramref name="factor"/> (below 1 zooms in) around its centre.</summary>
    public ChartWindow Zoomed(double factor) => Sized(From + Length / 2, Length * factor);

    /// <summary>This window moved by a fraction of its length (negative: earlier).</summary>
    public ChartWindow Panned(double fraction) => Sized(From + Length * (0.5 + fraction), Length);

    /// <summary>The window's query string, <c>from=…&amp;to=…</c>.</summary>
    public string ToQuery() => $"from={Format(From)}&to={Format(To)}";

    /// <summary>
    /// The window named by a page's <c>from</c> and <c>to</c>, or null when either is missing,
    /// unreadable, not in order, or wider than <see cref="Widest"/>.
    /// </summary>
    public static ChartWindow? Parse(string? from, string? to)
    {
        if (TryParseMoment(from, out var start) && TryParseMoment(to, out var end) && end > start && end - start <= Widest)
        {
            return new ChartWindow(start, end);
        }

        return null;
    }

    private static ChartWindow Sized(DateTimeOffset centre, TimeSpan length)
    {
        var clamped = length < Narrowest ? Narrowest : length > Widest ? Widest : length;
        var from = centre - clamped / 2;
        return new ChartWindow(Whole(from), Whole(from + clamped));
    }

    // Whole seconds keep the address short and the same window written the same way.
    private static DateTimeOffset Whole(DateTimeOffset moment) =>
        new(moment.UtcTicks - moment.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string Format(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool TryParseMoment(string? text, out DateTimeOffset moment) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out moment);
}
