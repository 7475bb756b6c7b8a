namespace Fleet.Server.Boxes;

/// <summary>
/// What a box is built for (R3, R4): each compartment's capability (chilled, frozen, hot or ambient;
/// a frozen one also serves chilled food) and the day it went into service, for its regular replacement.
/// </summary>
public sealed record BoxProfile(string BoxId, DateOnly InService, IReadOnlyList<CompartmentCapability> Compartments);

/// <summary>
/// One compartment's channel (c1…c8), what it can hold, and, for a box built to a stricter
/// standard, limits tighter than its kind's (a lower maximum, a higher minimum, a shorter grace).
/// </summary>
public sealed record CompartmentCapability(string Channel, string Capability, double? MaxCelsius = null, double? MinCelsius = null, double? GraceMinutes = null)
{
    /// <summary>The tighter limits this compartment sets, or null when it keeps its kind's.</summary>
    public Rules.TighterLimits? Tighter() => MaxCelsius is null && MinCelsius is null && GraceMinutes is null
        ? null
        : new Rules.TighterLimits { MaxCelsius = MaxCelsius, MinCelsius = MinCelsius, GraceMinutes = GraceMinutes };
}

/// <summary>A calibration record of one compartment's sensor (R8).</summary>
public sealed record CalibrationRecord(string Channel, DateOnly CalibratedOn, DateOnly DueOn);
