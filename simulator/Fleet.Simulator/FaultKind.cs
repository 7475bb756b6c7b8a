namespace Fleet.Simulator;

/// <summary>Faults a virtual box can suffer.</summary>
public enum FaultKind
{
    /// <summary>Compartment c1's cooling stops; it drifts to ambient.</summary>
    CoolingFailure,

    /// <summary>The box loses the network and keeps sampling into its queue.</summary>
    NetworkDrop,

    /// <summary>The box restarts; its flash queue survives.</summary>
    Reboot,

    /// <summary>The lid is left open.</summary>
    LidOpen,
}
