using Fleet.Dashboard.Components;
using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// One delivery: its food, its steps' times, its full verdict with the evidence and the chart of its
/// trip (its box from pickup to hand-over, or to now while under way); reloaded when the feed says
/// this delivery changed.
/// </summary>
public partial class DeliveryPage : ComponentBase, IDisposable
{
    /// <summary>How much before pickup and after hand-over the trip's chart shows.</summary>
    private static readonly TimeSpan TripMargin = TimeSpan.FromMinutes(5);

    private DeliveryDetailView? delivery;
    private ChartWindow? trip;
    private BoxHistoryView? tripHistory;
    private bool loading = true;
    private ReloadThrottle? reloads;

    [Parameter]
    public string OrderId { get; set; } = "";

    [Inject]
    private IFleetFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            reloads = new ReloadThrottle(Time, () => InvokeAsync(async () =>
            {
                delivery = await Feed.GetDeliveryAsync(OrderId);
                await LoadTripAsync();
                StateHasChanged();
            }));
            Feed.DeliveryChanged += OnDeliveryChanged;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        loading = true;
        delivery = await Feed.GetDeliveryAsync(OrderId);
        loading = false;
        await LoadTripAsync();
    }

    /// <summary>The box's readings over the trip, once the delivery has a box and was picked up.</summary>
    private async Task LoadTripAsync()
    {
        if (delivery is not { BoxId: { } boxId, PickedUpAt: { } pickedUp } d)
        {
            (trip, tripHistory) = (null, null);
            return;
        }

        var end = d.HandedOverAt ?? Time.GetUtcNow();
        var window = new ChartWindow(pickedUp - TripMargin, (end > pickedUp ? end : pickedUp) + TripMargin);
        if (window != trip || d.HandedOverAt is null)
        {
            trip = window;
            tripHistory = await Feed.GetBoxHistoryAsync(boxId, window.From, window.To);
        }
    }

    private void OnDeliveryChanged(string orderId)
    {
        if (orderId == OrderId)
        {
            reloads?.Request();
        }
    }

    public void Dispose()
    {
        Feed.DeliveryChanged -= OnDeliveryChanged;
        GC.SuppressFinalize(this);
    }

    private static string When(DateTimeOffset? moment, TimeZoneInfo zone) =>
        moment is { } m ? Display.LocalTime(m, zone) : "—";
}
