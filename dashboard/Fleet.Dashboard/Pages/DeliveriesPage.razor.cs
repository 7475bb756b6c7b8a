using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// The most recent deliveries with their step and verdict, filtered by text and state; reloaded
/// when the feed says a delivery changed.
/// </summary>
public partial class DeliveriesPage : ComponentBase, IDisposable
{
    /// <summary>How many deliveries the page lists.</summary>
    public const int Limit = 200;

    private IReadOnlyList<DeliveryView>? deliveries;
    private List<DeliveryView> shown = [];
    private string filter = "";
    private string stateFilter = "";
    private ReloadThrottle? reloads;

    [Inject]
    private IFleetFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            reloads = new ReloadThrottle(Time, () => InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
            Feed.DeliveryChanged += OnDeliveryChanged;
        }

        return LoadAsync();
    }

    private void OnDeliveryChanged(string orderId) => reloads?.Request();

    public void Dispose()
    {
        Feed.DeliveryChanged -= OnDeliveryChanged;
        GC.SuppressFinalize(this);
    }

    private async Task LoadAsync()
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
