namespace Fleet.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for a condition with a deadline instead of sleeping for luck.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what)
        where T : class
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Gave up after {deadline.TotalSeconds:0} s waiting for {what}.");
            }
        }
    }
}
