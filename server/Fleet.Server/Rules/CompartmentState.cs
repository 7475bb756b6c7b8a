using Fleet.Server.Storage;

namespace Fleet.Server.Rules;

/// <summary>The chilled rule's memory of one compartment, on device time.</summary>
public sealed class CompartmentState
{
    /// <summary>Device time of the latest reading evaluated; older readings arrive out of order.</summary>
    public long LastEvaluatedMs { get; set; } = long.MinValue;

    /// <summary>Device time of the first reading above the maximum, while an excursion lasts.</summary>
    public long? ExcursionStartMs { get; set; }

    public double PeakCelsius { get; set; }

    /// <summary>The open alert of this compartment, if any.</summary>
    public long? OpenAlertId { get; set; }

    /// <summary>Device time of the newest reading the box has sent of this compartment, including the batch being evaluated.</summary>
    public long LatestReportedMs { get; private set; } = long.MinValue;

    /// <summary>
    /// How far the box's clock is ahead of the server's (negative when behind): the largest device time
    /// minus arrival time seen, since the reading that travelled quickest shows the clock best and a
    /// delayed one only lowers the difference. Null before the first reading.
    /// </summary>
    public long? ClockAheadMs { get; private set; }

    /// <summary>Takes note that the box reported <paramref name="reading"/>, in whatever order it arrives.</summary>
    public void Heard(in Reading reading)
    {
        LatestReportedMs = Math.Max(LatestReportedMs, reading.DeviceTimeMs);
        var ahead = reading.DeviceTimeMs - reading.ReceivedAtMs;
        ClockAheadMs = ClockAheadMs is { } known ? Math.Max(known, ahead) : ahead;
    }

    /// <summary>
    /// How long, on the box's own clock, <paramref name="reading"/> had been taken when it arrived: its
    /// device time against the box's present, the later of its newest reported time and the arrival time
    /// moved by its clock's offset. The server's clock alone would call every reading of a box whose clock
    /// runs behind late, and no backlog of a box whose clock runs ahead.
    /// </summary>
    public long AgeOnArrivalMs(in Reading reading)
    {
        Heard(reading);
        return Math.Max(LatestReportedMs, reading.ReceivedAtMs + ClockAheadMs!.Value) - reading.DeviceTimeMs;
    }
}
