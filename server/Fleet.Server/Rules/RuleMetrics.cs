using System.Diagnostics.Metrics;

namespace Fleet.Server.Rules;

/// <summary>Rule-stage instruments (meter "Fleet.Rules") and the counts behind them.</summary>
public sealed class RuleMetrics
{
    public const string MeterName = "Fleet.Rules";

    private readonly Counter<long> _outOfOrder;
    private long _outOfOrderCount;

    public RuleMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _outOfOrder = meter.CreateCounter<long>("fleet.rules.out_of_order", "{reading}", "Readings older than the latest evaluated one of their compartment; their compartment's history is evaluated again");
    }

    public long OutOfOrder => Interlocked.Read(ref _outOfOrderCount);

    public void CountOutOfOrder()
    {
        Interlocked.Increment(ref _outOfOrderCount);
        _outOfOrder.Add(1);
    }
}
