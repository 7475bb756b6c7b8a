using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The courier registry with each courier's fitness on the platform's day (R7): health certificate,
/// the day's health check, training record, and the order they carry. Read again when the registers
/// say couriers changed, and when the platform's day ends and fitness is judged anew.
/// </summary>
public partial class CouriersPage : ComponentBase, IDisposable
{
    /// <summary>A certificate expiring within this many days is pointed out.</summary>
    public const int ExpiryWarningDays = 14;

    private CourierRoster? roster;
    private List<CourierView> shown = [];
    private string filter = "";
    private bool unfitOnly;
    private ReloadThrottle? reloads;
    private ITimer? dayEnd;

    [Inject]
    private IFleetRegisters Registers { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private IReadOnlyList<CourierView>? couriers => roster?.Couriers;

    private string Day => roster?.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "today";

    protected override Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            reloads = new ReloadThrottle(Time, () => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
            Registers.CouriersChanged += OnChanged;
        }

        return LoadAsync();
    }

    private void OnChanged() => reloads?.Request();

    private async Task LoadAsync()
    {
        roster = await Registers.GetCouriersAsync();
        Recompute();
        if (reloads is not null)
        {
            // Fitness is judged per day: read again when the platform's day ends.
            dayEnd?.Dispose();
            var untilDayEnd = roster.DayEndsAt - Time.GetUtcNow();
            dayEnd = Time.CreateTimer(_ => reloads.Request(), null, untilDayEnd > TimeSpan.Zero ? untilDayEnd : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
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

    public void Dispose()
    {
        Registers.CouriersChanged -= OnChanged;
        dayEnd?.Dispose();
        GC.SuppressFinalize(this);
    }
}
