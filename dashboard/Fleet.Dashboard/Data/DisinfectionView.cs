namespace Fleet.Dashboard.Data;

/// <summary>A box in service on the disinfection board (R4).</summary>
/// <param name="InService">The day the box went into service.</param>
/// <param name="LastDisinfectedAt">End of the last cycle that gave the full dose, on the box's clock; null when none in the look-back.</param>
/// <param name="FitUntil">When that disinfection stops counting; null when none counts.</param>
/// <param name="LastCycle">What the box's latest cycle was, as the rules describe it (for instance "UV-C on 299 s").</param>
/// <param name="LastCycleCounts">Whether that latest cycle gave the dose.</param>
/// <param name="ReplaceDue">True when the box has been in service longer than the replacement period.</param>
public sealed record DisinfectionView(
    string BoxId,
    DateOnly InService,
    DateTimeOffset? LastDisinfectedAt,
    DateTimeOffset? FitUntil,
    string? LastCycle,
    bool LastCycleCounts,
    bool ReplaceDue)
{
    /// <summary>Fit for service at <paramref name="now"/>: a counted disinfection still in force.</summary>
    public bool IsFitAt(DateTimeOffset now) => FitUntil > now;
}
