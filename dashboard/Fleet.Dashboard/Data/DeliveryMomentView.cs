namespace Fleet.Dashboard.Data;

/// <summary>A pickup or hand-over of a delivery in a box, placed on the box's time axis.</summary>
/// <param name="Step">PickedUp or HandedOver.</param>
public sealed record DeliveryMomentView(string OrderId, DeliveryState Step, DateTimeOffset At);
