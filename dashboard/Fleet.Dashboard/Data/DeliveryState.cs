namespace Fleet.Dashboard.Data;

/// <summary>How far a delivery has come, each step after the one before.</summary>
public enum DeliveryState
{
    /// <summary>Ordered; no courier and box yet.</summary>
    Created,

    /// <summary>A courier and a box are assigned.</summary>
    Assigned,

    /// <summary>The courier has the food in the box.</summary>
    PickedUp,

    /// <summary>Handed over to the customer; the verdict follows.</summary>
    HandedOver,
}
