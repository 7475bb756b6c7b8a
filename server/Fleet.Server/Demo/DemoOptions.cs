namespace Fleet.Server.Demo;

/// <summary>The "Demo" section: simulated boxes run inside the server (<c>--demo 20</c>).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>How many simulated boxes to run; 0 runs none.</summary>
    public int Boxes { get; set; }

    /// <summary>How much faster than real time the boxes' device clocks run.</summary>
    public double Speed { get; set; } = 10;

    /// <summary>The box whose chilled compartment loses its cooling, to show an alert.</summary>
    public string FaultyBox { get; set; } = "BX-0003";

    /// <summary>When that happens, in device minutes after the start.</summary>
    public double CoolingFailsAfterMinutes { get; set; } = 2;
}
