using System.Diagnostics.Metrics;

namespace Fleet.Server.Settings;

/// <summary>Settings instruments (meter "Fleet.Settings"): the rule setting changes refused.</summary>
public sealed class SettingsMetrics
{
    public const string MeterName = "Fleet.Settings";

    private readonly Counter<long> _refused;
    private long _refusedCount;

    public SettingsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _refused = meterFactory.Create(MeterName).CreateCounter<long>("fleet.settings.refused", "{change}", "Rule setting changes refused because they would not tighten the regulation's limits, or named no such category");
    }

    public long Refused => Interlocked.Read(ref _refusedCount);

    public void CountRefused()
    {
        Interlocked.Increment(ref _refusedCount);
        _refused.Add(1);
    }
}
