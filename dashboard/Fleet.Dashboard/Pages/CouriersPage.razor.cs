using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The courier registry with each courier's fitness on the platform's day (R7): health certificate,
/// today's health check, training record, and the order they carry. Health checks are recorded
/// through the morning, so the page reloads itself every <see cref="ReloadEvery"/>.
/// </summary>
public partial class CouriersPage : ComponentBase, IDisposable
{
    public static readonly TimeSpan ReloadEvery = TimeSpan.FromSeconds(30);

    /// <summary>A certificate expiring within this many days is pointed out.</summary>
    public const int ExpiryWarningDays = 14;

    private IReadOnlyList<CourierView>? couriers;
    private List<CourierView> shown = [];
    private string filter = "";
    private bool unfitOnly;
    private ITimer? timer;

    [Inject]
    private IFleetRegisters Registers { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private string Day => couriers is { Count: > 0 } ? couriers[0].Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "today";

    protected override Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            var reloads = new ReloadThrottle(Time, () => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
            timer = Time.CreateTimer(_ => reloads.Request(), null, ReloadEvery, ReloadEvery);
        }

        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        couriers = await Registers.GetCouriersAsync();
        Recompute();
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

    private static bool ExpiresSoon(CourierView courier) =>
        courier.CertificateExpires >= courier.Day && courier.CertificateExpires.DayNumber - courier.Day.DayNumber <= ExpiryWarningDays;

    private static string CheckLabel(bool? passed) => passed switch
    {
        true => "passed",
        false => "failed",
        null => "not recorded",
    };

    public void Dispose()
    {
        timer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
