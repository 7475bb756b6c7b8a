namespace Fleet.Server.Deliveries;

/// <summary>The "Deliveries" configuration section: how long order records are kept (R6).</summary>
public sealed class DeliveriesOptions
{
    public const string Section = "Deliveries";

    /// <summary>The legal minimum for order records: 6 months.</summary>
    public const int MinRetentionMonths = 6;

    /// <summary>The legal minimum for records of food without a shelf life: 2 years.</summary>
    public const int MinRetentionMonthsWithoutShelfLife = 24;

    /// <summary>Months an order record whose every item has a shelf life is kept after it was ordered; at least 6.</summary>
    public int RetentionMonths { get; set; } = MinRetentionMonths;

    /// <summary>Months an order record with an item without a shelf life is kept; at least 24.</summary>
    public int RetentionMonthsWithoutShelfLife { get; set; } = MinRetentionMonthsWithoutShelfLife;

    /// <summary>How often, in minutes, records past their retention are purged.</summary>
    public double PurgeEveryMinutes { get; set; } = 60;
}
