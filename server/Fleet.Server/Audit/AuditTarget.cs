namespace Fleet.Server.Audit;

/// <summary>
/// What an audited action was done to: a kind (alert, box-profile, calibration, courier,
/// health-check, delivery, backup, user …) and that thing's id.
/// </summary>
public sealed record AuditTarget(string Kind, string? Id)
{
    public const string Alert = "alert";
    public const string BoxProfile = "box-profile";
    public const string Calibration = "calibration";
    public const string Courier = "courier";
    public const string HealthCheck = "health-check";
    public const string Delivery = "delivery";
    public const string Backup = "backup";
    public const string User = "user";
    public const string Token = "token";
    public const string Device = "device";
    public const string EvidenceBundle = "evidence-bundle";
    public const string Box = "box";
    public const string Settings = "settings";

    public static AuditTarget ForAlert(long alertId) => new(Alert, alertId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => Id is null ? Kind : $"{Kind}/{Id}";
}
