using Fleet.Dashboard.Data;
using Fleet.Dashboard.Live;
using Microsoft.AspNetCore.Components;

namespace Fleet.Dashboard.Pages;

/// <summary>One delivery: its food, its steps' times and its full verdict with the evidence.</summary>
public partial class DeliveryPage : ComponentBase
{
    private DeliveryDetailView? delivery;
    private bool loading = true;

    [Parameter]
    public string OrderId { get; set; } = "";

    [Inject]
    private IFleetFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        loading = true;
        delivery = await Feed.GetDeliveryAsync(OrderId);
        loading = false;
    }

    private static string When(DateTimeOffset? moment, TimeZoneInfo zone) =>
        moment is { } m ? Display.LocalTime(m, zone) : "—";
}
