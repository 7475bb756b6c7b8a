using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The most recent deliveries with their step and verdict, filtered by text and state; reloaded
/// when the feed says a delivery changed.
/// </summary>
public partial class DeliveriesPage : ReloadingPage
{
    /// <summary>How many deliveries the page lists.</summary>
    public const int Limit = 200;

    private IReadOnlyList<DeliveryView>? deliveries;
    private List<DeliveryView> shown = [];
    private string filter = "";
    private string stateFilter = "";

    [Inject]
    private IFleetFeed Feed { get; set; } = default!;

    protected override void Subscribe() => Feed.DeliveryChanged += OnDeliveryChanged;

    protected override void Unsubscribe() => Feed.DeliveryChanged -= OnDeliveryChanged;

    private void OnDeliveryChanged(string orderId) => RequestReload();

    protected override async Task LoadAsync()
    {
        deliveries = await Feed.GetDeliveriesAsync(Limit);
        Recompute();
    }

    private void Recompute()
    {
        if (deliveries is null)
        {
            return;
        }

        var term = filter.Trim();
        shown = deliveries
            .Where(d => (stateFilter.Length == 0 || Display.StepName(d.State) == stateFilter)
                        && (term.Length == 0 || Matches(d, term)))
            .ToList();
    }

    private static bool Matches(DeliveryView d, string term) =>
        d.OrderId.Contains(term, StringComparison.OrdinalIgnoreCase)
        || d.Merchant.Contains(term, StringComparison.OrdinalIgnoreCase)
        || (d.BoxId?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)
        || (d.CourierId?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false);
}
