using System.Diagnostics.Metrics;

namespace Fleet.Server.Regulator;

/// <summary>Counts the regulator API's refused queries (meter "Fleet.Regulator", counter fleet.regulator.refused).</summary>
public sealed class RegulatorMetrics
{
    public const string MeterName = "Fleet.Regulator";

    private readonly Counter<long> _refused;
    private long _refusedTotal;

    public RegulatorMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _refused = meterFactory.Create(MeterName).CreateCounter<long>("fleet.regulator.refused", "{query}", "Regulator queries refused for a bad parameter");
    }

    /// <summary>Refused queries since start.</summary>
    public long RefusedTotal => Interlocked.Read(ref _refusedTotal);

    public void Refused()
    {
        Interlocked.Increment(ref _refusedTotal);
        _refused.Add(1);
    }
}
