namespace Fleet.Dashboard.Live;

/// <summary>
/// Turns change notifications, arriving on the feed's threads as often as they come, into at most
/// one reload per <see cref="RenderThrottle.MinInterval"/>, for pages that query rather than hold
/// live state (deliveries and their verdicts).
/// </summary>
internal sealed class ReloadThrottle(TimeProvider time, Func<Task> reload)
{
    private int scheduled;

    /// <summary>Asks for a reload; safe to call from any thread.</summary>
    public void Request()
    {
        if (Interlocked.Exchange(ref scheduled, 1) == 0)
        {
            _ = ReloadSoonAsync();
        }
    }

    private async Task ReloadSoonAsync()
    {
        await Task.Delay(RenderThrottle.MinInterval, time).ConfigureAwait(false);
        // Cleared before the reload starts, so a change during the reload is reloaded again.
        Volatile.Write(ref scheduled, 0);
        await reload().ConfigureAwait(false);
    }
}
