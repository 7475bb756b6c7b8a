using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The courier registry with each courier's fitness on the platform's day (R7): health certificate,
/// the day's health check, training record, and the order they carry. Read again when the registers
/// say couriers changed, and when the platform's day ends and fitness is judged anew.
/// </summary>
public partial class CouriersPage : ReloadingPage
{
    /// <summary>A certificate expiring within this many days is pointed out.</summary>
    public const int ExpiryWarningDays = 14;

    private CourierRoster? roster;
    private List<CourierView> shown = [];
    private string filter = "";
    private bool unfitOnly;
    private ITimer? dayEnd;

    [Inject]
    private IFleetRegisters Registers { get; set; } = default!;

    private IReadOnlyList<CourierView>? couriers => roster?.Couriers;

    private string Day => roster?.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "today";

    protected override void Subscribe() => Registers.CouriersChanged += RequestReload;

    protected override void Unsubscribe() => Registers.CouriersChanged -= RequestReload;

    protected override async Task LoadAsync()
    {
        roster = await Registers.GetCouriersAsync();
        Recompute();
        if (IsLive)
        {
            // Fitness is judged per day: read again when the platform's day ends.
            dayEnd?.Dispose();
            var untilDayEnd = roster.DayEndsAt - Time.GetUtcNow();
            dayEnd = Time.CreateTimer(_ => RequestReload(), null, untilDayEnd > TimeSpan.Zero ? untilDayEnd : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void ShowUnfitOnly(bool value)
    {
        unfitOnly = value;
        Recompute();
    }

    private void Recompute()
    {
        if (couriers is null)
        {
            return;
        }

        var term = filter.Trim();
        shown = couriers
            .Where(c => (!unfitOnly || !c.Fit)
                        && (term.Length == 0
                            || c.CourierId.Contains(term, StringComparison.OrdinalIgnoreCase)
                            || c.Name.Contains(term, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    private bool ExpiresSoon(CourierView courier) =>
        roster is { } r && courier.CertificateExpires >= r.Day && courier.CertificateExpires.DayNumber - r.Day.DayNumber <= ExpiryWarningDays;

    private int DaysLeft(CourierView courier) => courier.CertificateExpires.DayNumber - roster!.Day.DayNumber;

    private static string CheckLabel(bool? passed) => passed switch
    {
        true => "passed",
        false => "failed",
        null => "not recorded",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        dayEnd?.Dispose();
    }
}
