namespace Fleet.Dashboard.Data;

/// <summary>A box with a profile: its compartments and any limits of their own.</summary>
public sealed record BoxProfileLimitsView(string BoxId, DateOnly InService, IReadOnlyList<CompartmentLimitsView> Compartments)
{
    /// <summary>True when a compartment of the box is held to limits tighter than its kind's.</summary>
    public bool HasOwnLimits => Compartments.Any(c => !c.Limits.IsEmpty);
}

/// <summary>One compartment of a box profile: channel, capability and its own limits (empty: its kind's).</summary>
public sealed record CompartmentLimitsView(string Channel, string Capability, LimitValues Limits);
