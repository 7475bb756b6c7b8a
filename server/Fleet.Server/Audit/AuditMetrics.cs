using System.Diagnostics.Metrics;

namespace Fleet.Server.Audit;

/// <summary>The audit trail's counters (meter <c>Fleet.Audit</c>): entries recorded, and reads refused with their reason.</summary>
public sealed class AuditMetrics
{
    private readonly Counter<long> _recorded;
    private readonly Counter<long> _rejected;

    public AuditMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create("Fleet.Audit");
        _recorded = meter.CreateCounter<long>("fleet.audit.entries_recorded", description: "Entries appended to the audit trail");
        _rejected = meter.CreateCounter<long>("fleet.audit.queries_rejected", description: "Audit queries refused for bad input or missing rights");
    }

    public void Recorded(string action) => _recorded.Add(1, new KeyValuePair<string, object?>("action", action));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
