using System.Globalization;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The regulator's view (R10): statistics and deliveries with their verdicts within the signed-in
/// person's jurisdiction, filtered by platform, merchant and period (days on the platform's clock),
/// with links to the evidence bundles of a delivery and of a merchant's period.
/// </summary>
public partial class RegulatorPage : ComponentBase
{
    /// <summary>How many deliveries one page lists.</summary>
    public const int PageSize = 50;

    /// <summary>The period the page opens with: the last 30 days, today included.</summary>
    public const int DefaultDays = 30;

    private static readonly (string Value, string Label)[] Groupings =
        [("platform", "Platform"), ("merchant", "Merchant"), ("region", "Region"), ("day", "Day (UTC)")];

    private RegulatorChoices? choices;
    private IReadOnlyList<RegulatorStatisticsRow>? statistics;
    private RegulatorDeliveryPage? deliveries;
    private RegulatorFilter? applied;
    private string? appliedMerchant;
    private string appliedGroupBy = "platform";
    private string platform = "";
    private string merchant = "";
    private string groupBy = "platform";
    private string verdict = "";
    private DateOnly fromDay;
    private DateOnly toDay;
    private int pageNumber = 1;
    private bool busy;
    private string? error;

    [Inject]
    private IRegulatorData Data { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private string GroupLabel => Array.Find(Groupings, g => g.Value == appliedGroupBy).Label ?? appliedGroupBy;

    private string PeriodLabel => string.Create(CultureInfo.InvariantCulture, $"{Day(applied?.From)} to {Day(applied?.To.AddTicks(-1))}");

    private int PageCount => deliveries is null ? 1 : Math.Max(1, (deliveries.Total + PageSize - 1) / PageSize);

    private string MerchantBundleHref => applied is null || appliedMerchant is null ? "" :
        $"api/evidence/merchants/{Uri.EscapeDataString(appliedMerchant)}?from={Uri.EscapeDataString(Display.Iso(applied.From))}&to={Uri.EscapeDataString(Display.Iso(applied.To))}";

    private static string DeliveryBundleHref(string orderId) => $"api/evidence/deliveries/{Uri.EscapeDataString(orderId)}";

    private static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    protected override async Task OnInitializedAsync()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), Time.LocalTimeZone).DateTime);
        (fromDay, toDay) = (today.AddDays(1 - DefaultDays), today);
        try
        {
            choices = await Data.GetChoicesAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            error = "The jurisdiction could not be read: " + exception.Message;
            return;
        }

        await ApplyAsync();
    }

    private async Task ApplyAsync()
    {
        if (toDay < fromDay)
        {
            error = "The period must end on or after its first day.";
            return;
        }

        applied = new RegulatorFilter(
            StartOf(fromDay), StartOf(toDay.AddDays(1)),
            platform.Length == 0 ? null : platform,
            merchant.Length == 0 ? null : merchant,
            null,
            verdict switch { "yes" => true, "no" => false, _ => null });
        appliedMerchant = applied.Merchant;
        appliedGroupBy = groupBy;
        pageNumber = 1;
        await LoadAsync(loadStatistics: true);
    }

    private Task GoToAsync(int page)
    {
        pageNumber = Math.Clamp(page, 1, PageCount);
        return LoadAsync(loadStatistics: false);
    }

    private async Task LoadAsync(bool loadStatistics)
    {
        if (applied is null)
        {
            return;
        }

        busy = true;
        error = null;
        try
        {
            if (loadStatistics)
            {
                // The statistics count every verdict: the verdict filter narrows the list only.
                statistics = await Data.GetStatisticsAsync(applied with { Compliant = null }, appliedGroupBy);
            }

            deliveries = await Data.GetDeliveriesAsync(applied, pageNumber, PageSize);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            error = "The figures could not be loaded: " + exception.Message;
        }
        finally
        {
            busy = false;
        }
    }

    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Time.LocalTimeZone.GetUtcOffset(local));
    }

    private string Day(DateTimeOffset? moment) => moment is { } m
        ? TimeZoneInfo.ConvertTime(m, Time.LocalTimeZone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : "";
}
