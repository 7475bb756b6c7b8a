namespace Fleet.Dashboard.Live;

/// <summary>
/// Coalesces feed events, which arrive on the feed's background threads, into at most one
/// render per <see cref="MinInterval"/>, and ticks every <see cref="AgeInterval"/> even when
/// nothing changed so that relative ages ("12 s ago") stay true.
/// </summary>
/// <remarks>
/// With 5,000 boxes each reporting a few times a second, rendering per event would send the
/// browser tens of thousands of diffs a second; one render per quarter second is what a person
/// watching a wall screen can see anyway.
/// </remarks>
internal sealed class RenderThrottle : IDisposable
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan AgeInterval = TimeSpan.FromSeconds(2);

    private readonly TimeProvider time;
    private readonly Func<Task> render;
    private readonly ITimer flushTimer;
    private readonly ITimer ageTimer;
    private long lastFlush;
    private int scheduled;
    private int disposed;

    /// <param name="render">Runs on a timer thread; it must marshal to the renderer itself (InvokeAsync).</param>
    public RenderThrottle(TimeProvider time, Func<Task> render)
    {
        this.time = time;
        this.render = render;
        lastFlush = time.GetTimestamp();
        flushTimer = time.CreateTimer(static s => ((RenderThrottle)s!).Flush(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ageTimer = time.CreateTimer(static s => ((RenderThrottle)s!).Request(), this, AgeInterval, AgeInterval);
    }

    /// <summary>Asks for a render; safe to call from any thread, as often as events come.</summary>
    public void Request()
    {
        if (Volatile.Read(ref disposed) == 1 || Interlocked.Exchange(ref scheduled, 1) == 1)
        {
            return;
        }

        var wait = MinInterval - time.GetElapsedTime(Interlocked.Read(ref lastFlush));
        try
        {
            flushTimer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: the page is gone, nothing to render.
        }
    }

    private void Flush()
    {
        if (Volatile.Read(ref disposed) == 1)
        {
            return;
        }

        Interlocked.Exchange(ref lastFlush, time.GetTimestamp());
        // Cleared before rendering, so an event that lands during the render schedules the next one.
        Volatile.Write(ref scheduled, 0);
        _ = render();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            flushTimer.Dispose();
            ageTimer.Dispose();
        }
    }
}
