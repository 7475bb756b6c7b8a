namespace Fleet.Server.Boxes;

/// <summary>
/// What a box is built for (R3, R4): each compartment's capability (chilled, frozen, hot or ambient;
/// a frozen one also serves chilled food) and the day it went into service, for its regular replacement.
/// </summary>
public sealed record BoxProfile(string BoxId, DateOnly InService, IReadOnlyList<CompartmentCapability> Compartments);

/// <summary>One compartment's channel (c1…c8) and what it can hold.</summary>
public sealed record CompartmentCapability(string Channel, string Capability);

/// <summary>A calibration record of one compartment's sensor (R8).</summary>
public sealed record CalibrationRecord(string Channel, DateOnly CalibratedOn, DateOnly DueOn);
