namespace Fleet.Dashboard.Data;

/// <summary>
/// Limits tighter than a compartment kind's: a lower maximum (food kept cold), a higher minimum
/// (food kept hot), a shorter grace time in minutes; null keeps the kind's.
/// </summary>
public sealed record LimitValues(double? MaxCelsius, double? MinCelsius, double? GraceMinutes)
{
    public static readonly LimitValues None = new(null, null, null);

    public bool IsEmpty => MaxCelsius is null && MinCelsius is null && GraceMinutes is null;
}
