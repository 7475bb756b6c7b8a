using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>
/// One delivery: its food, its steps' times and its full verdict with the evidence; reloaded when
/// the feed says this delivery changed.
/// </summary>
public partial class DeliveryPage : ComponentBase, IDisposable
{
    private DeliveryDetailView? delivery;
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
