namespace Fleet.Server.Rules;

/// <summary>The alert codes of the watched rules.</summary>
public static class WatchCodes
{
    public const string LateWarning = "delivery-late-warning";
    public const string Late = "delivery-late";
    public const string DangerZone = "danger-zone";
    public const string EvidenceGap = "evidence-gap";
    public const string LidOpen = "lid-open";
    public const string NotDisinfected = "box-not-disinfected";
    public const string DisinfectionIncomplete = "disinfection-incomplete";
    public const string CalibrationDue = "calibration-due";
    public const string SensorStuck = "sensor-stuck";
    public const string CourierNotFit = "courier-not-fit";
    public const string FoodBeyondLimit = "food-beyond-limit";

    /// <summary>The codes whose alerts the watch resolves when their condition is no longer found.</summary>
    public static readonly string[] Reconciled = [LateWarning, Late, DangerZone, EvidenceGap, LidOpen, NotDisinfected, DisinfectionIncomplete, CalibrationDue, CourierNotFit, FoodBeyondLimit];
}
