namespace Fleet.Dashboard.Data;

/// <summary>A calibration record of one compartment's sensor (R8).</summary>
public sealed record CalibrationView(string Channel, DateOnly CalibratedOn, DateOnly DueOn);
