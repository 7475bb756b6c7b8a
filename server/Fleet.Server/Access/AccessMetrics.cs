using System.Diagnostics.Metrics;

namespace Fleet.Server.Access;

/// <summary>Counts refused sign-ins, tokens and requests (meter "Fleet.Access", counter fleet.access.failures by reason).</summary>
public sealed class AccessMetrics
{
    public const string MeterName = "Fleet.Access";

    private readonly Counter<long> _failures;
    private readonly Counter<long> _signIns;
    private long _failureTotal;

    public AccessMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _failures = meter.CreateCounter<long>("fleet.access.failures", "{attempt}", "Refused sign-ins, API tokens and requests, by reason");
        _signIns = meter.CreateCounter<long>("fleet.access.sign_ins", "{sign-in}", "Successful dashboard sign-ins");
    }

    /// <summary>Every failure counted since start, whatever its reason.</summary>
    public long FailureTotal => Interlocked.Read(ref _failureTotal);

    public void Failed(string reason)
    {
        Interlocked.Increment(ref _failureTotal);
        _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void SignedIn() => _signIns.Add(1);
}
