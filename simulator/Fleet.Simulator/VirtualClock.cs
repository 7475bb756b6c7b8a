using Fleet.Firmware.Hardware;

namespace Fleet.Simulator;

/// <summary>
/// Device time = start + real time elapsed since <see cref="Begin"/> × speed. Shared by every box of a
/// simulation. Before <see cref="Begin"/> it stands still at the start.
/// </summary>
public sealed class VirtualClock(DateTimeOffset start, double speed, TimeProvider? timeProvider = null) : IClock
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private long _beganAt = -1;

    /// <summary>Device time at start.</summary>
    public DateTimeOffset Start { get; } = start;

    /// <summary>How many times faster than real time device time runs.</summary>
    public double Speed { get; } = speed;

    /// <summary>Device time elapsed since start.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            long began = Interlocked.Read(ref _beganAt);
            return began < 0 ? TimeSpan.Zero : _time.GetElapsedTime(began) * Speed;
        }
    }

    /// <summary>Current device time.</summary>
    public DateTimeOffset Now => Start + Elapsed;

    /// <inheritdoc />
    public long NowMs => Now.ToUnixTimeMilliseconds();

    /// <summary>Device time since start, ms; a box's firmware only uses its differences, so it serves as uptime across reboots.</summary>
    public long UptimeMs => (long)Elapsed.TotalMilliseconds;

    /// <summary>Simulated boxes have a synced clock (their times are the simulation's device time).</summary>
    public bool IsSynced => true;

    /// <summary>Starts device time running (once).</summary>
    public void Begin() => Interlocked.CompareExchange(ref _beganAt, _time.GetTimestamp(), -1);

    /// <summary>Real time that <paramref name="deviceTime"/> of device time takes.</summary>
    public TimeSpan ToReal(TimeSpan deviceTime) => deviceTime / Speed;
}
