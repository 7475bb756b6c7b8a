namespace Fleet.Server.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline, checking often; fails with what it saw last.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        T last;
        while (true)
        {
            last = await probe().ConfigureAwait(false);
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last saw {last}.");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }
}
